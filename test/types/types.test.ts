// Type tests: consumer programs per sampled version compile under strict, and their
// `@ts-expect-error` lines (operations a version lacks, wrong parameter types) really are errors.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../../generator/src/sources.ts';

const run = promisify(execFile);

it('consumer programs for v1.25, v1.41 and v1.55 compile under strict with the packages\' declarations checked', async () => {
  const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', path.join(repoRoot, 'test/types/tsconfig.json')]).catch((error) => error);
  expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toBe('');
});
