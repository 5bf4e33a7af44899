// `dockerapi-gen specs add`, run as a maintainer would on a scratch copy of specs/ (DOCKERAPI_SPECS):
// a synthetic next version, made from the newest pinned one with a new parameter, a new endpoint, two
// notes, and the defect one open patch fixes fixed upstream.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sha256, upstreamDir, type SourceList } from '../../generator/src/document/sources.ts';
import { newest } from '../support/versions.ts';

const run = promisify(execFile);
const cli = path.join(repoRoot, 'generator/bin/dockerapi-gen.js');
const next = `1.${Number(newest.split('.')[1]) + 1}`;

let root: string;
let specs: string;
let spec: string;
let history: string;

async function add(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'specs', 'add', ...args], {
      env: { ...process.env, DOCKERAPI_SPECS: specs },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
const sources = async () => JSON.parse(await readFile(path.join(specs, 'sources.json'), 'utf8')) as SourceList;
const patchFile = (id: string) => readFile(path.join(specs, 'patches', `${id}.json`), 'utf8');

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-specs-add-'));
  specs = path.join(root, 'specs');
  await cp(path.join(repoRoot, 'specs'), specs, { recursive: true });
  const doc = yaml.load(await readFile(path.join(upstreamDir, `v${newest}.yaml`), 'utf8')) as Record<string, any>;
  doc.info.version = next;
  doc.paths['/containers/json'].get.parameters.push({ name: 'newest-first', in: 'query', type: 'boolean', description: 'Newest first.' });
  doc.paths['/things/{id}'] = {
    get: {
      operationId: 'ThingInspect',
      produces: ['application/json'],
      parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
      responses: { 200: { description: 'the thing', schema: { type: 'object', properties: { Id: { type: 'string' } } } } },
    },
  };
  // A patch whose range ends at the newest version, as one written before open-ended ranges: carried over.
  await writeFile(
    path.join(specs, 'patches', 'closed-at-newest.json'),
    `${JSON.stringify({ reason: 'r', evidence: { source: 's' }, apply: [{ versions: `1.50..${newest}`, operations: [{ op: 'add', path: '/info/x-closed', value: true }] }] }, null, 2)}\n`,
  );
  // Upstream now lists the header our patch adds, first: the patch's test no longer holds.
  doc.paths['/distribution/{name}/json'].get.parameters.unshift({ name: 'X-Registry-Auth', in: 'header', type: 'string' });
  spec = path.join(root, `v${next}.yaml`);
  await writeFile(spec, yaml.dump(doc));
  const log = await readFile(path.join(upstreamDir, 'version-history.md'), 'utf8');
  history = path.join(root, 'version-history.md');
  await writeFile(
    history,
    log.replace(
      `## v${newest} API changes`,
      `## v${next} API changes\n\n* \`GET /things/{id}\` is a new endpoint that returns a thing.\n` +
        `* \`GET /containers/json\` now accepts a \`newest-first\` query parameter.\n\n## v${newest} API changes`,
    ),
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('specs add', () => {
  it.each([
    { args: () => [next, '--spec', path.join(root, 'missing.yaml'), '--history', history], want: 'missing.yaml: no such file' },
    { args: () => [newest, '--spec', spec, '--history', history], want: `version ${newest}: not newer than v${newest}, the newest pinned` },
    { args: () => ['1.99', '--spec', spec, '--history', history], want: `its info.version is "${next}", not "1.99"` },
    { args: () => [next, '--spec', spec, '--history', spec], want: `not the API version history (no "## v${newest} API changes" section)` },
    { args: () => [next, '--spec', spec, '--history', history, '--engine', 'latest'], want: '--engine "latest": expected a release' },
  ])('refuses bad input, naming it ($want), and writes nothing', async ({ args, want }) => {
    const before = await readFile(path.join(specs, 'sources.json'), 'utf8');
    const { code, stderr } = await add(...args());
    expect(code).toBe(1);
    expect(stderr).toContain(want);
    expect(await readFile(path.join(specs, 'sources.json'), 'utf8')).toBe(before);
    expect(existsSync(path.join(specs, '.upstream', `v${next}.yaml`))).toBe(false);
  });

  it('pins the document and the change log, releases the version before, carries the open patches over, and prints the review', async () => {
    const carried = await patchFile('engine-sends-null-for-empty-lists-and-maps');
    const kept = await patchFile('distribution-inspect-takes-registry-auth');
    const { code, stdout, stderr } = await add(next, '--spec', spec, '--history', history, '--engine', '99.0');
    expect(stderr).not.toContain('dockerapi-gen:');
    expect(code).toBe(0);

    const list = await sources();
    const pinned = list.files.find((f) => f.apiVersion === next)!;
    expect(pinned).toMatchObject({ file: `v${next}.yaml`, format: 'swagger-2.0', released: true, sha256: sha256(await readFile(spec)) });
    expect(list.files.find((f) => f.apiVersion === newest)!.released).toBe(true);
    expect(list.files.find((f) => f.kind === 'version-history')!.sha256).toBe(sha256(await readFile(history)));
    expect(list.engineReleases.at(-1)).toEqual({ engine: '99.0', maxApi: next, minApi: list.engineReleases.at(-2)!.minApi });
    expect(await readFile(path.join(specs, '.upstream', `v${next}.yaml`), 'utf8')).toBe(await readFile(spec, 'utf8'));

    // Open-ended ranges cover the new version as they are; a range that ended at the version before now ends at the new one.
    expect(await patchFile('engine-sends-null-for-empty-lists-and-maps')).toBe(carried);
    expect(await patchFile('closed-at-newest')).toContain(`"versions": "1.50..${next}"`);
    expect(await patchFile('distribution-inspect-takes-registry-auth')).toBe(kept);

    expect(stdout).toMatch(new RegExp(`- Patches applied at v${next.replace('.', '\\.')}: .*engine-sends-null-for-empty-lists-and-maps`));
    expect(stdout).toContain(`- carried over: closed-at-newest (1.50..${newest} -> ..${next})`);
    expect(stdout).toContain(`- covers v${next} but no longer applies: distribution-inspect-takes-registry-auth`);
    expect(stdout).toContain('| parameter-added | query.newest-first | boolean | no |');
    expect(stdout).toContain('## GET /things/{id}');
    expect(stdout).toContain('2 notes: 2 tied to spec changes, 0 without a visible spec change');
    expect(stdout).toMatch(/## Drift: Engine [\d.]+'s answers \(recorded at v1\.\d+\) against v1\.\d+/);
  }, 180_000);
});
