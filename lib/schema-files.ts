/**
 * The JSON Schemas the package ships in `schema/` (workload, plan), read from there so the package
 * holds one copy of each: the one editors and `exports` point at.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/**
 * Reads `schema/<file>`: one folder above `lib/` in the sources, two above `dist/lib/` in the package.
 */
export function readShippedSchema(file: string): Record<string, unknown> {
  const locations = [1, 2].map((up) => join(__dirname, ...new Array<string>(up).fill('..'), 'schema', file));
  const path = locations.find((p) => existsSync(p));
  if (!path) throw new Error(`${file} not found (looked in ${locations.join(', ')})`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}
