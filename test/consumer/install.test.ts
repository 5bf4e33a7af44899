// A user outside this repository: the runtime and one version package packed by `dockerapi-gen pack`,
// installed offline into a fresh project in the temporary folder, type-checked the ways people set up
// TypeScript (5.9 and 7, default settings, module node16/nodenext/bundler, ESM and CommonJS), linted
// by publint and arethetypeswrong, and run against the real engine from ESM and from CommonJS.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../generator/src/sources.ts';

const run = promisify(execFile);
const host = inject('dockerHost');
const image = inject('testImage');
const VERSION = '1.44';
const PACKAGE = `@dockerapi/v${VERSION}`;
const RANGE = '1.44..1.55';
const RANGE_PACKAGE = '@dockerapi/v1.44-v1.55';
// The engine it runs on (Engine 28.5 in the `engine` project, 29.7 in `engine-29`) decides what is negotiated and refused.
const engine = await (async () => {
  const { DockerClient } = await import('@dockerapi/v1.40');
  const probe = new DockerClient({ host });
  try {
    return (await probe.systemVersion()) as { Version: string; ApiVersion: string; MinAPIVersion: string };
  } finally {
    await probe.close();
  }
})();

const compilers = {
  'TypeScript 5.9': path.join(repoRoot, 'node_modules/typescript/bin/tsc'),
  'TypeScript 7': path.join(repoRoot, 'node_modules/typescript-7/bin/tsc'),
};

let work: string;
let project: string;
let tarballs: string[];

/** `npm install` of the tarballs alone: their third-party dependencies come from npm's cache, never a registry. */
async function installOffline(dir: string, files: string[]) {
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  const install = (mode: string) => run('npm', ['install', mode, '--no-audit', '--no-fund', '--ignore-scripts', ...files], { cwd: dir });
  // Offline first; only a cache that lacks a dependency's metadata (a fresh machine) asks the
  // configured registry, once: --prefer-offline then fills the cache for the next run.
  await install('--offline').catch((error) => {
    if (!String(error.stderr).includes('ENOTCACHED')) throw error;
    return install('--prefer-offline');
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-consumer-'));
  const { stdout } = await run(
    process.execPath,
    [
      path.join(repoRoot, 'generator/bin/dockerapi-gen.js'),
      'pack',
      '--versions',
      VERSION,
      '--range',
      RANGE,
      '--out',
      path.join(work, 'packs'),
    ],
    { cwd: repoRoot },
  );
  tarballs = stdout.trim().split('\n');
  project = path.join(work, 'project');
  await mkdir(project);
  await installOffline(project, tarballs);
}, 300_000);
afterAll(() => rm(work, { recursive: true, force: true }));

it('packs the runtime and the version package, each with its README, LICENSE and NOTICE', async () => {
  expect(tarballs.map((t) => path.basename(t))).toEqual([
    'dockerapi-runtime-0.1.0.tgz',
    `dockerapi-v${VERSION}-0.1.0.tgz`,
    'dockerapi-v1.44-v1.55-0.1.0.tgz',
  ]);
  const installed = path.join(project, 'node_modules', PACKAGE);
  for (const name of ['README.md', 'LICENSE', 'NOTICE', 'CHANGES.md', 'index.d.ts']) {
    expect((await readFile(path.join(installed, name), 'utf8')).length, name).toBeGreaterThan(0);
  }
  const readme = await readFile(path.join(installed, 'README.md'), 'utf8');
  expect(readme).toContain('Docker Engine 25.0 speaks exactly API v1.44');
  expect(readme).toContain('Engine releases that speak API v1.44: 25.0 - 29.7.');
  expect(readme).toContain('Compared with v1.43:');
  expect(readme).toContain('| `containerList` | `GET /containers/json` |');
  const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8'));
  expect(manifest).toMatchObject({ license: 'Apache-2.0', engines: { node: '>=20.19' }, dependencies: { '@dockerapi/runtime': '0.1.0' } });
  expect(manifest.repository.url).toMatch(/^git\+https:/);
});

const program = `import { ApiVersionRefusedError, DockerClient, type ContainerSummary } from '${PACKAGE}';

export async function main(host: string, image: string): Promise<string[]> {
  const docker = new DockerClient({ host });
  try {
    const containers: ContainerSummary[] = await docker.containerList({ all: true });
    const { exitCode, stdout } = await docker.run({ image, cmd: ['echo', 'from a consumer'] });
    // Every engine refuses API 1.23 (Engine 28.5 accepts 1.24 on, 29.7 1.40 on); no package is that
    // old, so the request is sent by hand.
    const refused = new DockerClient({ host, apiVersion: '1.23' });
    const error = await refused.call({ id: 'SystemInfo', method: 'GET', path: '/info', response: 'json' }).catch((e: unknown) => e);
    await refused.close();
    const message = error instanceof ApiVersionRefusedError ? error.message : String(error);
    return [String(containers.length >= 0), String(exitCode), stdout.trim(), message];
  } finally {
    await docker.close();
  }
}
`;

/**
 * What people put in a tsconfig: what `tsc --init` writes (with library checks on, so that the
 * packages' own declarations are checked), nothing at all (TypeScript 7's defaults; TypeScript 5.9's empty
 * config targets ES5, which no Node.js program uses), or a module setting; ESM `.ts` and CommonJS `.cts`.
 */
/** The declarations are checked whole once per compiler (`tsc --init` above); the module settings check resolution. */
const quick = { target: 'es2022', strict: true, skipLibCheck: true };
const setups: { name: string; compilerOptions?: Record<string, unknown>; cjs?: boolean; only?: string; fails?: string }[] = [
  { name: 'tsc --init' },
  { name: 'an empty tsconfig', compilerOptions: {}, only: 'TypeScript 7' },
  { name: 'module nodenext', compilerOptions: { module: 'nodenext', ...quick } },
  { name: 'module node16', compilerOptions: { module: 'node16', ...quick } },
  { name: 'module preserve, bundler resolution', compilerOptions: { module: 'preserve', moduleResolution: 'bundler', ...quick } },
  { name: 'a CommonJS source (.cts), module nodenext', compilerOptions: { module: 'nodenext', ...quick }, cjs: true },
  // The one setting that cannot work with an ESM-only package, as the README says.
  { name: 'a CommonJS source (.cts), module node16', compilerOptions: { module: 'node16', ...quick }, cjs: true, fails: 'error TS1479' },
];

describe.each(Object.entries(compilers))('%s', (compiler, tsc) => {
  it.each(setups.filter((s) => !s.only || s.only === compiler))(
    'type-checks a consumer with $name',
    async ({ name, compilerOptions, cjs, fails }) => {
      const dir = path.join(project, `${compiler}-${name}`.replace(/\W+/g, '-'));
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, cjs ? 'main.cts' : 'main.ts'), program);
      const config = path.join(dir, 'tsconfig.json');
      if (compilerOptions) await writeFile(config, JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true } }));
      else {
        await run(process.execPath, [tsc, '--init'], { cwd: dir });
        const init = await readFile(config, 'utf8');
        expect(init).toContain('"skipLibCheck": true');
        await writeFile(config, init.replace('"skipLibCheck": true', '"skipLibCheck": false, "noEmit": true'));
      }
      const result = await run(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(
        () => '',
        (e) => e.stdout || e.message,
      );
      if (fails) expect(result, `${compiler}, ${name}`).toContain(fails);
      else expect(result, `${compiler}, ${name}`).toBe('');
    },
  );
});

it('installs and runs the range package: its README, its negotiation within the range', async () => {
  const installed = path.join(project, 'node_modules', RANGE_PACKAGE);
  const readme = await readFile(path.join(installed, 'README.md'), 'utf8');
  expect(readme).toContain('Engine releases it works with: 25.0 - 29.7.');
  expect(await readFile(path.join(installed, 'RANGE.md'), 'utf8')).toContain('| operation ImageAttestations |');
  const script = `import { DockerClient, minimumApiVersion } from '${RANGE_PACKAGE}';
const docker = new DockerClient({ host: process.argv[2] });
const containers = await docker.containerList({ all: true });
console.log(minimumApiVersion, await docker.apiVersion(), Array.isArray(containers));
await docker.close();
`;
  await writeFile(path.join(project, 'range.mjs'), script);
  const { stdout } = await run(process.execPath, ['range.mjs', host], { cwd: project });
  const negotiated = Number(engine.ApiVersion.slice(2)) < 55 ? engine.ApiVersion : '1.55';
  expect(stdout.trim()).toBe(`1.44 ${negotiated} true`);
});

it('passes publint, and arethetypeswrong but for the ESM-only warning', async () => {
  const attwCli = path.join(repoRoot, 'node_modules/@arethetypeswrong/cli/dist/index.js');
  for (const tarball of tarballs) {
    const lint = await run(process.execPath, [path.join(repoRoot, 'node_modules/publint/src/cli.js'), '--strict', tarball]);
    expect(lint.stdout, tarball).toContain('All good!');
    // It exits non-zero on any problem; the one accepted: a CommonJS `require` under node16 resolves to ESM.
    const attw = await run(process.execPath, [attwCli, tarball, '--format', 'json']).catch((error) => error);
    const { problems } = JSON.parse(attw.stdout);
    expect(Object.keys(problems), tarball).toEqual(['CJSResolvesToESM']);
    expect(problems.CJSResolvesToESM.every((p: { resolutionKind: string }) => p.resolutionKind === 'node16-cjs')).toBe(true);
  }
});

describe(`against Engine ${engine.Version}`, () => {
  const refusal = `the engine accepts API ${engine.MinAPIVersion} and newer, not 1.23`;
  const expected = ['true', '0', 'from a consumer', expect.stringContaining(refusal)];

  it('runs an ES module consumer', async () => {
    await writeFile(
      path.join(project, 'main.mjs'),
      `import { DockerClient, ApiVersionRefusedError } from '${PACKAGE}';
${mainJs}
console.log(JSON.stringify(await main(process.argv[2], process.argv[3])));
`,
    );
    const { stdout } = await run(process.execPath, ['main.mjs', host, image], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('runs a CommonJS consumer (require of an ES module, Node.js 20.19+)', async () => {
    await writeFile(
      path.join(project, 'main.cjs'),
      `const { DockerClient, ApiVersionRefusedError } = require('${PACKAGE}');
${mainJs}
main(process.argv[2], process.argv[3]).then((lines) => console.log(JSON.stringify(lines)));
`,
    );
    const { stdout } = await run(process.execPath, ['main.cjs', host, image], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(expected);
  });
});

/** The program above without its types, for node to run as it is. */
const mainJs = program
  .replace(/^import .*\n/m, '')
  .replace('export async function main(host: string, image: string): Promise<string[]>', 'async function main(host, image)')
  .replace(': ContainerSummary[]', '')
  .replace('(e: unknown)', '(e)');
