/**
 * Jest globalSetup: every run gets its own temporary root, removed by temp-root-teardown.ts. Tests and
 * the CDK apps they synthesize make their folders under `os.tmpdir()` (about 380 a run); pointing TMPDIR
 * at a fresh folder before the workers start leaves nothing of them behind, whichever test forgets.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export default function setup(): void {
  const root = mkdtempSync(join(tmpdir(), 'cdk-lambda-scaling-test-'));
  process.env.CDK_LAMBDA_SCALING_TEST_TMP = root;
  process.env.TMPDIR = root;
}
