/** Jest globalTeardown: removes the run's temporary root (temp-root-setup.ts). */
import { rmSync } from 'fs';

export default function teardown(): void {
  const root = process.env.CDK_LAMBDA_SCALING_TEST_TMP;
  if (root) rmSync(root, { recursive: true, force: true });
}
