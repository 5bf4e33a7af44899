// A user outside this repository: the runtime, the CLI and one version package packed by
// `dockerapi-gen pack`, installed offline into a fresh project in the temporary folder (and into a
// Node 20 project with its own @types/node 20), type-checked the ways people set up TypeScript (5.9 and 7, default settings,
// module node16/nodenext/bundler, ESM and CommonJS), linted by publint and arethetypeswrong, run
// against the real engine from ESM, from CommonJS and bundled by esbuild, Rollup and webpack, and
// checked and diffed by the installed CLI.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../generator/src/document/sources.ts';

const run = promisify(execFile);
const host = inject('dockerHost');
const image = inject('testImage');
const VERSION = '1.44';
const PACKAGE = `@dockerapi/v${VERSION}`;
const RANGE = '1.44..1.55';
const RANGE_PACKAGE = '@dockerapi/v1.44-v1.55';
/** A Node 20 project's own Node types, older than the newest 20.x: the packages must not bring others. */
const NODE_TYPES = '20.17.58';

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
async function installOffline(dir: string, files: string[], devDependencies: Record<string, string> = {}) {
  const manifest = { name: 'consumer', private: true, type: 'module', devDependencies };
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
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

it('packs the runtime, the CLI and the version package, each with its README, LICENSE and NOTICE', async () => {
  expect(tarballs.map((t) => path.basename(t))).toEqual([
    'dockerapi-runtime-0.1.0.tgz',
    'dockerapi-cli-0.1.0.tgz',
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

export async function main(host: string, image: string, below: string): Promise<string[]> {
  const docker = new DockerClient({ host });
  try {
    const containers: ContainerSummary[] = await docker.containerList({ all: true });
    const { exitCode, stdout } = await docker.run({ image, cmd: ['echo', 'from a consumer'] });
    // A version below the engine's lowest: the engine refuses it, or, below 1.24, the client itself
    // before sending, as the CLI does. No package is that old, so the request is sent by hand.
    const error = await (async () => {
      const refused = new DockerClient({ host, apiVersion: below });
      try {
        return await refused.call({ id: 'SystemInfo', method: 'GET', path: '/info', response: 'json' });
      } finally {
        await refused.close();
      }
    })().catch((e: unknown) => e);
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

it("keeps a Node 20 project's own Node types: @types/node is the runtime's peer, not a dependency of its own", async () => {
  const node20 = path.join(work, 'node20');
  await mkdir(node20);
  await installOffline(node20, [tarballs[0]], { '@types/node': NODE_TYPES });
  const { stdout } = await run('find', ['node_modules', '-path', '*/@types/node/package.json'], { cwd: node20 });
  const copies = stdout.trim().split('\n');
  expect(copies).toEqual(['node_modules/@types/node/package.json']);
  expect(JSON.parse(await readFile(path.join(node20, copies[0]), 'utf8')).version).toBe(NODE_TYPES);
}, 120_000);

it('passes publint, and arethetypeswrong but for the ESM-only warning', async () => {
  const attwCli = path.join(repoRoot, 'node_modules/@arethetypeswrong/cli/dist/index.js');
  for (const tarball of tarballs) {
    const lint = await run(process.execPath, [path.join(repoRoot, 'node_modules/publint/src/cli.js'), '--strict', tarball]);
    expect(lint.stdout, tarball).toContain('All good!');
    // the CLI is a program: no module, no types to resolve
    if (path.basename(tarball).startsWith('dockerapi-cli-')) continue;
    // It exits non-zero on any problem; the one accepted: a CommonJS `require` under node16 resolves to ESM.
    const attw = await run(process.execPath, [attwCli, tarball, '--format', 'json']).catch((error) => error);
    const { problems } = JSON.parse(attw.stdout);
    expect(Object.keys(problems), tarball).toEqual(['CJSResolvesToESM']);
    expect(problems.CJSResolvesToESM.every((p: { resolutionKind: string }) => p.resolutionKind === 'node16-cjs')).toBe(true);
  }
});

describe(`against Engine ${engine.Version}`, () => {
  // Engine 29.7 refuses 1.39; below 1.24 (Engine 28.5's lowest) the client refuses first.
  const lowest = Number(engine.MinAPIVersion.slice(2));
  const below = `1.${Math.max(lowest, 24) - 1}`;
  const refusal =
    lowest > 24 ? `the engine accepts API ${engine.MinAPIVersion} and newer, not ${below}` : `"${below}" is older than API 1.24`;
  const expected = ['true', '0', 'from a consumer', expect.stringContaining(refusal)];

  it('runs an ES module consumer', async () => {
    await writeFile(
      path.join(project, 'main.mjs'),
      `import { DockerClient, ApiVersionRefusedError } from '${PACKAGE}';
${mainJs}
console.log(JSON.stringify(await main(process.argv[2], process.argv[3], process.argv[4])));
`,
    );
    const { stdout } = await run(process.execPath, ['main.mjs', host, image, below], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('runs a CommonJS consumer (require of an ES module, Node.js 20.19+)', async () => {
    await writeFile(
      path.join(project, 'main.cjs'),
      `const { DockerClient, ApiVersionRefusedError } = require('${PACKAGE}');
${mainJs}
main(process.argv[2], process.argv[3], process.argv[4]).then((lines) => console.log(JSON.stringify(lines)));
`,
    );
    const { stdout } = await run(process.execPath, ['main.cjs', host, image, below], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(expected);
  });
});

/** The program above without its types, for node to run as it is. */
const mainJs = program
  .replace(/^import .*\n/m, '')
  .replace(
    'export async function main(host: string, image: string, below: string): Promise<string[]>',
    'async function main(host, image, below)',
  )
  .replace(': ContainerSummary[]', '')
  .replace('(e: unknown)', '(e)');

describe('the installed CLI, without this repository', () => {
  const cli = async (...args: string[]) =>
    run(path.join(project, 'node_modules/.bin/dockerapi'), args, { cwd: project }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error) => ({ code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string }),
    );

  beforeAll(async () => {
    await mkdir(path.join(project, 'checked'), { recursive: true });
    await writeFile(
      path.join(project, 'checked/volumes.ts'),
      `import { DockerClient } from '${PACKAGE}';
const docker = new DockerClient();
await docker.volumeUpdate({ name: 'data', version: 1, body: { Spec: {} } });
`,
    );
    await writeFile(
      path.join(project, 'checked/range.ts'),
      `import { DockerClient } from '${RANGE_PACKAGE}';
console.log((await new DockerClient().volumeList()).Volumes?.length);
`,
    );
  });

  it('ships its program and data, nothing that points back here', async () => {
    const dist = path.join(project, 'node_modules/@dockerapi/cli/dist');
    const { stdout } = await run('grep', ['-rlF', repoRoot, dist, path.join(dist, '../data')]).catch((error) => error);
    expect(stdout).toBe('');
  });

  it('check: what a target lacks, from the installed packages and the facts the CLI ships', async () => {
    const result = await cli('check', 'checked', '--engine', '20.10');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Target API 1.41 (Engine 20.10) lacks what 2 call site(s) use:\n');
    expect(result.stdout).toContain('checked/volumes.ts:3:7  volumeUpdate: operation volumeUpdate (1.42)\n');
    expect(result.stdout).toContain(
      'checked/range.ts:2:20  volumeList: client of @dockerapi/v1.44-v1.55 (refuses engines below API 1.44)\n',
    );
    // Engine 29.0 accepts 1.44 - 1.52: both packages' clients speak 1.44 or newer
    expect(await cli('check', 'checked', '--engine', '29.0')).toMatchObject({ code: 0 });
    expect(await cli('check', 'checked', '--engine', '20.11')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--engine 20.11: unknown Docker Engine release'),
    });
  }, 120_000);

  it('diff: any two versions, as the generator diffs them', async () => {
    const neighbours = await cli('diff', '1.43', '1.44');
    expect(neighbours.stdout).toBe(await readFile(path.join(repoRoot, 'test/goldens/diff-v1.43-v1.44.md'), 'utf8'));
    const wide = await cli('diff', '1.41', '1.51', '--format', 'json');
    const generator = await run(
      process.execPath,
      [path.join(repoRoot, 'generator/bin/dockerapi-gen.js'), 'diff', '1.41', '1.51', '--format', 'json'],
      {
        cwd: repoRoot,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(JSON.parse(wide.stdout)).toEqual(JSON.parse(generator.stdout));
    expect(await cli('diff', '1.41', '1.99')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no API version "1.99" (have 1.24..'),
    });
  }, 120_000);
});

/**
 * A program bundled for Node.js as people do it; the bundlers come from this repository. undici is
 * left out by every bundler and loads from the project's node_modules when a client wants it.
 */
const bundlers: Record<string, (entry: string, out: string) => Promise<string>> = {
  esbuild: async (entry, out) => {
    const { build } = await import('esbuild');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: path.join(out, 'app.mjs'),
      logLevel: 'error',
    });
    return path.join(out, 'app.mjs');
  },
  Rollup: async (entry, out) => {
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    // its types describe the CommonJS build; Node.js loads the ES module, whose default is the plugin
    const commonjs = (await import('@rollup/plugin-commonjs')).default as unknown as () => import('rollup').Plugin;
    const warnings: string[] = [];
    const bundle = await rollup({
      input: entry,
      plugins: [nodeResolve({ preferBuiltins: true }), commonjs()],
      onwarn: (w) => warnings.push(w.message),
    });
    await bundle.write({ file: path.join(out, 'app.mjs'), format: 'es', inlineDynamicImports: true });
    expect(warnings).toEqual([]);
    return path.join(out, 'app.mjs');
  },
  webpack: async (entry, out) => {
    const { default: webpack } = await import('webpack');
    const config = {
      mode: 'production' as const,
      target: 'node20',
      entry,
      context: path.dirname(entry),
      output: { path: out, filename: 'app.cjs' },
    };
    const stats = await new Promise<any>((resolve, reject) =>
      webpack(config, (error, result) => (error ? reject(error) : resolve(result))),
    );
    expect(stats.toString({ all: false, errors: true, warnings: true })).toBe('');
    return path.join(out, 'app.cjs');
  },
};

const bundled = `import diagnostics from 'node:diagnostics_channel';
import { DockerClient } from '${PACKAGE}';

const [host, transport] = process.argv.slice(2);
const seen = { http: 0, undici: 0 };
diagnostics.subscribe('http.client.request.start', () => seen.http++);
diagnostics.subscribe('undici:request:create', () => seen.undici++);
const docker = new DockerClient({ host, transport });
const { ApiVersion } = await docker.systemVersion();
// many calls at once, until 'auto' has loaded undici in the background and moved to it
for (let round = 0; round < 100 && seen.undici === 0; round++) {
  await Promise.all(Array.from({ length: 16 }, () => docker.systemPing()));
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await docker.close();
console.log(JSON.stringify({ ApiVersion, http: seen.http > 0, undici: seen.undici > 0 }));
`;

describe.each(Object.keys(bundlers))('bundled by %s', (bundler) => {
  let program: string;
  beforeAll(async () => {
    const dir = path.join(project, `bundle-${bundler}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'main.mjs'), bundled);
    program = await bundlers[bundler](path.join(dir, 'main.mjs'), path.join(dir, 'dist'));
  }, 120_000);

  it('leaves undici out (1.2 MB)', async () => {
    expect((await readFile(program, 'utf8')).length).toBeLessThan(500_000);
  });

  it.each([
    { transport: 'undici', want: { http: false, undici: true } },
    { transport: 'auto', want: { http: true, undici: true } },
  ])(
    `runs against Engine ${engine.Version} with transport $transport`,
    async ({ transport, want }) => {
      const { stdout, stderr } = await run(process.execPath, [program, host, transport], { cwd: project });
      expect(JSON.parse(stdout)).toEqual({ ApiVersion: engine.ApiVersion, ...want });
      expect(stderr).toBe('');
    },
    60_000,
  );

  it('run where undici cannot be found: the undici transport says so, auto stays on node:http and warns once', async () => {
    const alone = path.join(work, `alone-${bundler}`);
    await cp(path.dirname(program), alone, { recursive: true });
    const moved = path.join(alone, path.basename(program));
    const failed = await run(process.execPath, [moved, host, 'undici'], { cwd: alone }).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("undici cannot be loaded (Cannot find package 'undici'");
    expect(failed.stderr).toContain("install undici (a dependency of @dockerapi/runtime) where the bundle runs, or use transport 'http'");
    const { stdout, stderr } = await run(process.execPath, [moved, host, 'auto'], { cwd: alone });
    expect(JSON.parse(stdout)).toEqual({ ApiVersion: engine.ApiVersion, http: true, undici: false });
    expect(stderr.match(/DockerapiWarning: transport 'auto' stays on node:http: undici cannot be loaded/g)).toHaveLength(1);
  }, 60_000);
});
