// Facts about the packages generated from the real upstream specs (run after `npm run generate`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../generator/src/output/folder.ts';
import { readSourceList, repoRoot, apiSpecs, upstreamDir } from '../../generator/src/document/sources.ts';
import { readPatches } from '../../generator/src/document/patches.ts';
import { inRange } from '../../generator/src/versions.ts';
import { newest } from '../support/versions.ts';

const generated = path.join(repoRoot, 'generated');
const read = (version: string, file: string) => readFileSync(path.join(generated, `v${version}`, file), 'utf8');
const specs = apiSpecs(await readSourceList());

describe('generated packages', () => {
  it('exist for every pinned spec, the unreleased one marked so, and for the configured ranges', async () => {
    const manifest = await readManifest(generated);
    const ranges = JSON.parse(readFileSync(path.join(repoRoot, 'specs/ranges.json'), 'utf8')).ranges.map((r: { range: string }) =>
      r.range.replace('..', '-v'),
    );
    expect(Object.keys(manifest!.versions).sort()).toEqual([...specs.map((s) => s.apiVersion), ...ranges].sort());
    for (const spec of specs) {
      const pkg = JSON.parse(read(spec.apiVersion, 'package.json'));
      expect(pkg).toMatchObject({
        name: `@dockerapi/v${spec.apiVersion}`,
        type: 'module',
        dependencies: { '@dockerapi/runtime': expect.any(String) },
      });
      expect(pkg.dockerapi.released).toBe(spec.released);
    }
    // Only the newest version may be upstream's development version.
    expect(specs.filter((s) => !s.released).map((s) => s.apiVersion)).toEqual(specs.at(-1)!.released ? [] : [newest]);
  });

  it('has the committed API report of every version (api/v1.NN.md, the goldens of the public surface)', () => {
    for (const spec of specs) {
      const committed = readFileSync(path.join(repoRoot, 'api', `v${spec.apiVersion}.md`), 'utf8');
      expect(read(spec.apiVersion, 'API.md'), `api/v${spec.apiVersion}.md`).toBe(committed);
    }
  });

  it("lists no definition as left out of a range package that the range's types export", async () => {
    const ranges = Object.keys((await readManifest(generated))!.versions).filter((key) => key.includes('-'));
    expect(ranges.length).toBeGreaterThan(0);
    for (const key of ranges) {
      const exported = new Set([...read(key, 'types.d.ts').matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]));
      const leftOut = [...read(key, 'RANGE.md').matchAll(/^\| definition (\w+) \|/gm)].map((m) => m[1]);
      expect(leftOut.length, key).toBeGreaterThan(0);
      expect(
        leftOut.filter((name) => exported.has(name)),
        `v${key}/RANGE.md`,
      ).toEqual([]);
    }
  });

  it('has in its API report the methods client.d.ts declares, each with params required or not as declared', () => {
    for (const spec of specs) {
      // The last overload of each method is its general one.
      const declared = new Map(
        [...read(spec.apiVersion, 'client.d.ts').matchAll(/^ {2}(\w+)\(params(\??): (.+), options\?: CallOptions\)/gm)].map((m) => [
          m[1],
          m[3] === 'Record<string, never>' ? '' : m[2] ? 'params?' : 'params',
        ]),
      );
      const reported = new Map([...read(spec.apiVersion, 'API.md').matchAll(/^- `(\w+)\(([^)]*)\): /gm)].map((m) => [m[1], m[2]]));
      expect(reported.size, `v${spec.apiVersion}`).toBeGreaterThan(40);
      expect(reported, `v${spec.apiVersion}`).toEqual(declared);
    }
  });

  it('says since 1.24 for the archive endpoints in every package, whatever their operationId (renamed in 1.28)', () => {
    let checked = 0;
    for (const spec of specs) {
      const table = read(spec.apiVersion, 'operations.js');
      const archive = [...table.matchAll(/"path":"\/containers\/\{id\}\/archive","since":"([\d.]+)"/g)].map((m) => m[1]);
      expect(archive, `v${spec.apiVersion}`).toEqual(['1.24', '1.24', '1.24']);
      checked++;
    }
    expect(checked).toBe(specs.length);
  });

  it.each(['1.52', newest])("v%s types every x-nullable schema, upstream's and our patches', as `| null`", async (version) => {
    const text = readFileSync(path.join(upstreamDir, `v${version}.yaml`), 'utf8');
    const upstream = text.match(/x-nullable: true/g)!.length;
    // What our patches add: an `x-nullable` of its own, or inside a schema they put in place. A whole
    // answer made nullable is typed once per content type the operation produces.
    const doc = yaml.load(text) as { produces?: string[]; paths: Record<string, Record<string, { produces?: string[] }>> };
    const times = (pointer: string) => {
      const answer = /^\/paths\/([^/]+)\/(\w+)\/responses\/\d+\/schema\/x-nullable$/.exec(pointer);
      if (!answer) return 1;
      const op = doc.paths[answer[1].replace(/~1/g, '/')][answer[2]];
      return (op.produces ?? doc.produces ?? ['application/json']).length;
    };
    const patched = (await readPatches())
      .flatMap((p) => p.apply.filter((a) => inRange(version, a.versions)).flatMap((a) => a.operations))
      .filter((o) => (o.op === 'add' || o.op === 'replace') && 'value' in o)
      .reduce((n, o) => {
        if (o.path.endsWith('/x-nullable')) return n + (o.value === true ? times(o.path) : 0);
        return n + (JSON.stringify(o.value).match(/"x-nullable":true/g) ?? []).length;
      }, 0);
    // The null-for-empty patches run on past 1.51 (Engine 29 still sends those nulls).
    expect(patched).toBeGreaterThan(0);
    expect(read(version, 'schema.d.ts').match(/\| null\b/g)!.length).toBe(upstream + patched);
  });

  it('types Cmd and Entrypoint of v1.25-v1.34 as `string[] | string` (Entrypoint also null, as the engine sends)', () => {
    for (const version of ['1.25', '1.34']) {
      const schema = read(version, 'schema.d.ts');
      expect(schema).toContain('Cmd?: string[] | string;');
      expect(schema).toContain('Entrypoint?: (string[] | string) | null;');
      expect(schema).not.toContain('unknown[] | string');
    }
  });

  it('types free-form objects as Record<string, unknown>, never Record<string, never>', () => {
    for (const spec of specs) {
      const components = read(spec.apiVersion, 'schema.d.ts').split('export interface components')[1].split('export type $defs')[0];
      expect(components, `v${spec.apiVersion}`).not.toContain('Record<string, never>');
    }
  });

  it('types JSON-encoded query parameters as the structures they encode', () => {
    const client = read('1.55', 'client.d.ts');
    const schema = read('1.55', 'schema.d.ts');
    const list = schema.split('    ContainerList: {')[1].split('\n    };')[0];
    expect(list).toMatch(/filters\?: \{\s+\[key: string\]: string\[\];\s+\};/);
    const build = schema.split('    ImageBuild: {')[1].split('\n    };')[0];
    expect(build).toMatch(/buildargs\?: \{\s+\[key: string\]: string;\s+\};/);
    expect(build).toMatch(/cachefrom\?: string\[\];/);
    expect(schema.split('    ImageDelete: {')[1].split('\n    };')[0]).toContain('platforms?: components["schemas"]["OCIPlatform"][];');
    expect(client).toContain('imageBuild(params?: ImageBuildParams, options?: CallOptions)');
    expect(read('1.55', 'types.d.ts')).toContain(
      "export interface ImageBuildParams extends PathParams<operations['ImageBuild']>, QueryParams<operations['ImageBuild']>, HeaderParams<operations['ImageBuild']> { body?: BinaryBody; }",
    );
  });

  it("keeps each version's operations: VolumeUpdate from 1.42, attestations from 1.55", () => {
    expect(read('1.41', 'operations.js')).not.toContain('volumeUpdate');
    expect(read('1.42', 'operations.js')).toContain('volumeUpdate: {"id":"VolumeUpdate","method":"PUT","path":"/volumes/{name}"');
    expect(read('1.54', 'operations.js')).not.toContain('/attestations');
    expect(read('1.55', 'operations.js')).toContain('"path":"/images/{name}/attestations"');
  });

  it("carries the spec's summaries and descriptions as doc comments", () => {
    expect(read('1.41', 'client.d.ts')).toMatch(/\* List containers\n\s+\*\n\s+\* Returns a list of containers\./);
    expect(read('1.41', 'types.d.ts')).toContain(
      "/**\n * An open port on a container\n */\nexport interface Port extends Named<components['schemas']['Port']> {}",
    );
  });
});
