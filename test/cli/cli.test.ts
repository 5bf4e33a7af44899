// The command line as a user runs it: bad input is refused clearly, output is byte-stable,
// and `--check` notices a generated file that no longer matches.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compareOutputs } from '../../generator/src/output/folder.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';

const cli = path.join(repoRoot, 'generator/bin/dockerapi-gen.js');
const temp: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-cli-'));
  temp.push(dir);
  return dir;
};
afterAll(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

async function gen(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string };
  }
}

describe('dockerapi-gen', () => {
  it.each([
    { args: ['generate', '--versions', '2.0'], want: 'bad version range "2.0"' },
    { args: ['generate', '--versions', '1.10..1.20'], want: '--versions 1.10..1.20: no spec in that range' },
    { args: ['frobnicate'], want: "unknown command 'frobnicate'" },
    { args: ['generate', '--range', '1.51..1.41'], want: '--range: bad range "1.51..1.41": 1.51 is not below 1.41' },
    { args: ['generate', '--range', '1.41..1.99'], want: '--range: 1.99 in "1.41..1.99" is not a known API version' },
  ])('refuses $args', async ({ args, want }) => {
    const result = await gen(...args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(want);
  });

  it('refuses a bad range without writing anything', async () => {
    const out = path.join(await tempDir(), 'out');
    expect(await gen('generate', '--versions', '1.44', '--range', '1.44..1.44', '--out', out)).toMatchObject({ code: 1 });
    expect(existsSync(out)).toBe(false);
  });

  it('emits a range asked for with --range beside the versions, reused when unchanged', async () => {
    const out = await tempDir();
    const first = await gen('generate', '--versions', '1.43..1.44', '--range', '1.43..1.44', '--out', out);
    expect(first.stderr).toMatch(/v1\.43-v1\.44 +\d+ ms/);
    const pkg = JSON.parse(await readFile(path.join(out, 'v1.43-v1.44/package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: '@dockerapi/v1.43-v1.44', dockerapi: { apiVersion: '1.44', minimumApiVersion: '1.43' } });
    // ServiceCreate answers a ServiceCreateResponse from 1.44 on, inline before: the range exports it, so it is not left out.
    const notes = await readFile(path.join(out, 'v1.43-v1.44/RANGE.md'), 'utf8');
    expect(await readFile(path.join(out, 'v1.43-v1.44/types.d.ts'), 'utf8')).toContain('export interface ServiceCreateResponse ');
    expect(notes).toContain('| definition ');
    expect(notes).not.toContain('ServiceCreateResponse');
    const again = await gen('generate', '--versions', '1.43..1.44', '--range', '1.43..1.44', '--out', out);
    expect(again.stderr).toContain('all 3 packages and the reports up to date');
  });

  it('prints help for each command', async () => {
    expect((await gen('generate', '--help')).stdout).toContain('--check');
    expect((await gen('specs', 'sync', '--help')).stdout).toContain('--from <dir>');
  });

  it('writes byte-identical output on every run, with one progress line per version', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const first = await gen('generate', '--versions', '1.43..1.44', '--out', a);
    expect(first.stderr).toMatch(/v1\.43 +\d+ ms/);
    expect(first.stderr).toMatch(/v1\.44 +\d+ ms/);
    await gen('generate', '--versions', '1.43..1.44', '--out', b, '--no-cache');
    expect(await compareOutputs(a, b)).toEqual([]);
    // unchanged inputs: nothing is rebuilt
    expect((await gen('generate', '--versions', '1.43..1.44', '--out', a)).stderr).toContain('all 2 packages and the reports up to date');
    // --no-cache rebuilds every time, but leaves the stamp a run without it ends at
    expect((await gen('generate', '--versions', '1.43..1.44', '--out', b, '--no-cache')).stderr).toMatch(/v1\.44 +\d+ ms/);
    expect((await gen('generate', '--versions', '1.43..1.44', '--out', b)).stderr).toContain(
      'no input and no output file changed since the last generate',
    );
  });

  it('ends a run with nothing to do at the stamp, and still repairs an output file or API report edited or deleted by hand', async () => {
    const [out, api] = [await tempDir(), await tempDir()];
    const run = () => gen('generate', '--versions', '1.44', '--out', out, '--api', api);
    const atStamp = 'no input and no output file changed since the last generate';
    await run();
    const again = await run();
    expect(again.stderr).toContain('all 1 packages and the reports up to date');
    expect(again.stderr).toContain(atStamp);
    const [readme, operations, report] = [
      path.join(out, 'v1.44/README.md'),
      path.join(out, 'v1.44/operations.js'),
      path.join(api, 'v1.44.md'),
    ];
    const want = await Promise.all([readme, operations, report].map((file) => readFile(file, 'utf8')));
    await writeFile(readme, want[0].replace('containerList', 'containerLis'));
    expect((await run()).stderr).not.toContain(atStamp);
    expect(await readFile(readme, 'utf8')).toBe(want[0]);
    await rm(operations);
    await writeFile(report, want[2].replace('containerList(', 'containerLis('));
    expect((await run()).stderr).not.toContain(atStamp);
    expect(await Promise.all([readme, operations, report].map((file) => readFile(file, 'utf8')))).toEqual(want);
    expect((await run()).stderr).toContain(atStamp);
  });

  it('--check passes on fresh output and names the file that drifted', async () => {
    const out = await tempDir();
    await gen('generate', '--versions', '1.44', '--out', out);
    expect(await gen('generate', '--versions', '1.44', '--out', out, '--check')).toMatchObject({ code: 0 });
    const file = path.join(out, 'v1.44/operations.js');
    await writeFile(file, (await readFile(file, 'utf8')).replace('containerList', 'containerLis'));
    const drifted = await gen('generate', '--versions', '1.44', '--out', out, '--check');
    expect(drifted.code).toBe(1);
    expect(drifted.stderr).toContain('v1.44/operations.js');
  });

  it("writes each package's README and CHANGES.md, and --check names a README that drifted", async () => {
    const out = await tempDir();
    await gen('generate', '--versions', '1.43..1.44', '--out', out);
    const readme = await readFile(path.join(out, 'v1.44/README.md'), 'utf8');
    expect(readme).toContain('# @dockerapi/v1.44');
    expect(readme).toMatch(/Compared with v1\.43: \d+ operation\(s\) added/);
    expect(readme).toMatch(/^\| `containerList` \| `GET \/containers\/json` \| 1\.24 \|$/m);
    expect(await readFile(path.join(out, 'v1.44/CHANGES.md'), 'utf8')).toBe(
      await readFile(path.join(out, 'reports/diffs/v1.43-v1.44.md'), 'utf8'),
    );
    expect(await readFile(path.join(out, 'v1.43/README.md'), 'utf8')).toContain('The oldest version generated.');
    expect(existsSync(path.join(out, 'v1.43/CHANGES.md'))).toBe(false);
    expect(await gen('generate', '--versions', '1.43..1.44', '--out', out, '--check')).toMatchObject({ code: 0 });
    await writeFile(path.join(out, 'v1.44/README.md'), readme.replace('containerList', 'containerLis'));
    const drifted = await gen('generate', '--versions', '1.43..1.44', '--out', out, '--check');
    expect(drifted.code).toBe(1);
    expect(drifted.stderr).toContain('v1.44/README.md');
    // Regenerating repairs it.
    await gen('generate', '--versions', '1.43..1.44', '--out', out);
    expect(await readFile(path.join(out, 'v1.44/README.md'), 'utf8')).toBe(readme);
  });

  it('writes the API report and --check names one that drifted, saying to regenerate and commit', async () => {
    const [out, api] = [await tempDir(), await tempDir()];
    await gen('generate', '--versions', '1.44', '--out', out, '--api', api);
    const file = path.join(api, 'v1.44.md');
    expect(await readFile(file, 'utf8')).toContain(
      '- `containerList(params?): ContainerSummary[]` GET /containers/json, since 1.24\n  - all?: query boolean\n',
    );
    expect(await gen('generate', '--versions', '1.44', '--out', out, '--api', api, '--check')).toMatchObject({ code: 0 });
    await writeFile(file, (await readFile(file, 'utf8')).replace('containerList(', 'containerLis('));
    const drifted = await gen('generate', '--versions', '1.44', '--out', out, '--api', api, '--check');
    expect(drifted.code).toBe(1);
    expect(drifted.stderr).toContain('v1.44.md does not match the generated API report');
    expect(drifted.stderr).toContain('run `npm run generate` and commit');
  });
});
