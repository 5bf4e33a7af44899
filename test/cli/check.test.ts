// `dockerapi-gen check`: the type checker finds each DockerClient call however the client reaches it,
// versions come from the generated operation tables and the packages' field docs, and a target that
// lacks something fails naming the call sites.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCallSites } from '../../generator/src/check/analyze.ts';
import { bodyKeysByOperation, loadKnowledge } from '../../generator/src/check/knowledge.ts';
import { openProject } from '../../generator/src/check/project.ts';
import { describeNeeds, renderMarkdown } from '../../generator/src/check/render.ts';
import { type CheckReport, judge, type SiteVerdict } from '../../generator/src/check/verdict.ts';
import { readSourceList, repoRoot } from '../../generator/src/document/sources.ts';

const cli = path.join(repoRoot, 'generator/bin/dockerapi-gen.js');
const fixtures = path.join(repoRoot, 'test/fixtures/check/program');

async function check(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'check', ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string };
  }
}

describe('check on programs that reach the client in each way', () => {
  let report: CheckReport;
  let judgeAt: (api: string) => CheckReport;
  const sitesIn = (file: string) => report.files.find((f) => f.file === file)?.sites ?? [];
  const site = (file: string, line: number): SiteVerdict => {
    const found = sitesIn(file).find((s) => s.line === line);
    if (!found) throw new Error(`no call site reported at ${file}:${line}`);
    return found;
  };

  beforeAll(async () => {
    const knowledge = await loadKnowledge(path.join(repoRoot, 'generated'), (await readSourceList()).engineReleases);
    const sites = findCallSites(openProject(fixtures), { operations: bodyKeysByOperation(knowledge), base: fixtures });
    report = judge(sites, knowledge);
    judgeAt = (api) => judge(sites, knowledge, { api });
  }, 120_000);

  it('a method call: its parameters, and answer fields read through an array callback', () => {
    const list = site('method.ts', 5);
    expect(list).toMatchObject({
      method: 'containerList',
      kind: 'operation',
      package: '@dockerapi/v1.55',
      params: { containerList: ['all', 'filters'] },
    });
    // ContainerSummary.Health came in 1.52, after the operation (1.24)
    expect(list.reads).toEqual(expect.arrayContaining(['Health', 'Health.Status']));
    expect(list).toMatchObject({ api: '1.52', engine: '29.0' });
  });

  it('a method called by its name in brackets', () => {
    expect(site('method.ts', 7)).toMatchObject({ method: 'containerStop', api: '1.42', params: { containerStop: ['id', 'signal'] } });
  });

  it('receivers typed as a subclass, a type parameter bounded by DockerClient, or a client that may be absent', () => {
    expect(site('subclass.ts', 5)).toMatchObject({ method: 'volumeUpdate', api: '1.42' });
    expect(site('subclass.ts', 8)).toMatchObject({ method: 'containerPrune', api: '1.25' });
    expect(site('subclass.ts', 12)).toMatchObject({ method: 'configList', api: '1.30' });
  });

  it('fields under a map, set through a spread and read through Object.entries, brackets or a key', () => {
    const create = site('map-fields.ts', 6);
    expect(create.body.containerCreate).toEqual(expect.arrayContaining(['Image', 'NetworkingConfig.EndpointsConfig.*.GwPriority']));
    expect(create.api).toBe('1.48');
    const inspect = site('map-fields.ts', 7);
    expect(inspect.reads).toEqual(expect.arrayContaining(['NetworkSettings.Networks.*.IPAddress', 'NetworkSettings.Networks.*.DNSNames']));
    expect(inspect.api).toBe('1.44');
    // in Markdown the `*` stays a star, not emphasis
    expect(renderMarkdown(report)).toContain('NetworkingConfig.EndpointsConfig.\\*.GwPriority (1.48)');
  });

  it('the helpers stand for the operations they perform and their options for those fields', () => {
    expect(site('helpers.ts', 5)).toMatchObject({ method: 'pull', kind: 'helper', api: '1.32', params: { imageCreate: ['platform'] } });
    expect(site('helpers.ts', 6)).toMatchObject({ method: 'build', api: '1.37', params: { imageBuild: ['t', 'target'] } });
    const run = site('helpers.ts', 7);
    expect(run.needs.filter((n) => n.kind === 'operation').map((n) => n.operation)).toEqual([
      'containerCreate',
      'containerAttach',
      'containerStart',
      'containerWait',
      'containerDelete',
    ]);
    expect(run.body.containerCreate).toContain('HostConfig.Annotations');
    expect(run).toMatchObject({ api: '1.43', engine: '24.0' });
    expect(site('helpers.ts', 8)).toMatchObject({
      method: 'push',
      kind: 'helper',
      api: '1.24',
      needs: [{ kind: 'operation', operation: 'imagePush' }],
    });
  });

  it('a call through a variable alias, a class field and a re-exported class', () => {
    expect(site('alias.ts', 6)).toMatchObject({ method: 'volumeUpdate', api: '1.42' });
    expect(sitesIn('alias.ts').map((s) => s.method)).toEqual(['volumeUpdate']); // not toString()
    expect(site('class-field.ts', 8)).toMatchObject({
      method: 'distributionInspect',
      api: '1.30',
      reads: ['Descriptor', 'Descriptor.digest'],
    });
    expect(site('reexport.ts', 4)).toMatchObject({ method: 'containerPrune', api: '1.25', package: '@dockerapi/v1.44' });
  });

  it('body fields newer than the operation, inline and through a variable', () => {
    const throughVariable = site('body-field.ts', 6);
    expect(throughVariable).toMatchObject({ api: '1.43', params: { containerCreate: ['name'] } });
    expect(throughVariable.body.containerCreate).toEqual(expect.arrayContaining(['HostConfig.Annotations', 'HostConfig.Memory', 'Image']));
    expect(site('body-field.ts', 7)).toMatchObject({ api: '1.44', because: [{ kind: 'body field', name: 'Healthcheck.StartInterval' }] });
  });

  it('answer fields newer than the operation, read directly, destructured or in `.then`', () => {
    expect(site('response-field.ts', 5)).toMatchObject({
      api: '1.46',
      because: [{ kind: 'response field', name: 'Containerd', since: '1.46' }],
    });
    expect(site('response-field.ts', 7)).toMatchObject({ api: '1.24', reads: ['ServerVersion'] });
    expect(site('response-field.ts', 9)).toMatchObject({ api: '1.46', reads: ['Containerd', 'Containerd.Namespaces'] });
  });

  it("a range package's client sets the floor of its calls at the range's lowest version", () => {
    const call = site('range.ts', 5);
    expect(call).toMatchObject({ method: 'volumeList', package: '@dockerapi/v1.41-v1.51', api: '1.41', engine: '20.10' });
    expect(call.because).toEqual([{ kind: 'client package', operation: 'volumeList', name: '@dockerapi/v1.41-v1.51', since: '1.41' }]);
    const lacking = judgeAt('1.40').target!.lacking.find((l) => l.site.file === 'range.ts');
    expect(describeNeeds(lacking!.lacks)).toBe('client of @dockerapi/v1.41-v1.51 (refuses engines below API 1.41)');
  });

  it('an untyped receiver is "could not tell"; a class that merely shares a method name is no call', () => {
    expect(report.unknown).toEqual([{ file: 'unknown.ts', line: 4, column: 17, method: 'containerList' }]);
    expect(sitesIn('unknown.ts')).toEqual([]);
  });

  it('the whole program: its floor and the call sites that set it', () => {
    expect(report).toMatchObject({ api: '1.52', engine: '29.0' });
    expect(report.floor.map((s) => `${s.file}:${s.line}`)).toEqual(['method.ts:5']);
  });
});

describe('dockerapi-gen check', () => {
  const temp: string[] = [];
  afterAll(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('prints the minimum of each example and of the folder', async () => {
    const result = await check('examples/');
    expect(result.code).toBe(0);
    for (const name of ['build', 'cp', 'events', 'exec', 'logs', 'ps', 'run']) {
      expect(result.stdout).toContain(`examples/${name}.ts: API 1.24 (Engine 1.12)\n`);
    }
    expect(result.stdout).toContain(
      'examples/pull.ts: API 1.32 (Engine 17.09)\n  examples/pull.ts:14:9  pull  API 1.32 (Engine 17.09): imageCreate parameter platform (1.32)\n',
    );
    expect(result.stdout).toContain(
      'Minimum for all: API 1.32 (Engine 17.09), set by:\n  examples/pull.ts:14:9  pull: imageCreate parameter platform (1.32)\n',
    );
  }, 120_000);

  it('--api 1.24 fails naming the call sites that need more', async () => {
    const result = await check('examples', '--api', '1.24');
    expect(result.code).toBe(1);
    const lacking = result.stdout.slice(result.stdout.indexOf('Target API 1.24'));
    expect(lacking).toBe(
      'Target API 1.24 (Engine 1.12) lacks what 1 call site(s) use:\n  examples/pull.ts:14:9  pull: imageCreate parameter platform (1.32)\n',
    );
    // the README shows this run: each line it shows is in the output, in order
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const shown = readme.split('$ npx dockerapi-gen check examples/ --api 1.24\n')[1].split('```')[0].split('\n');
    const output = result.stdout.split('\n');
    let from = 0;
    for (const line of shown.filter((l) => l !== '...')) {
      const found = output.indexOf(line, from);
      expect(found, `README line not in the output (in order): ${line}`).toBeGreaterThanOrEqual(from);
      from = found + 1;
    }
  }, 120_000);

  it('--engine 20.10 is API 1.41; json lists what it lacks, by call site', async () => {
    const result = await check('test/fixtures/check/program', '--engine', '20.10', '--format', 'json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.target).toMatchObject({ api: '1.41', engine: '20.10' });
    const lacking = report.target!.lacking.map(
      ({ site, lacks }) => `${path.basename(site.file)}:${site.line} ${lacks.map((n) => n.name).join(',')}`,
    );
    expect(lacking).toEqual([
      'alias.ts:6 VolumeUpdate',
      'body-field.ts:6 HostConfig.Annotations',
      'body-field.ts:7 Healthcheck.StartInterval',
      'helpers.ts:7 HostConfig.Annotations',
      'map-fields.ts:6 NetworkingConfig.EndpointsConfig.*.GwPriority',
      'map-fields.ts:7 NetworkSettings.Networks.*.DNSNames',
      'method.ts:5 Health,Health.Status',
      'method.ts:7 signal',
      'response-field.ts:5 Containerd',
      'response-field.ts:9 Containerd',
      'subclass.ts:5 VolumeUpdate',
    ]);
  }, 120_000);

  it('a target that has everything passes; md output', async () => {
    const result = await check('examples', '--api', '1.41', '--format', 'md');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Minimum for all: **API 1.32 (Engine 17.09)**');
    expect(result.stdout).toContain('## Target API 1.41 (Engine 20.10)\n\nHas everything these calls use.');
  }, 120_000);

  it('an engine that refuses the package the program is on fails, naming the packages to use instead', async () => {
    const result = await check('test/fixtures/check/old-client', '--engine', '29.0');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Target API 1.52 (Engine 29.0): has everything these calls use.\n');
    // 29.0 accepts 1.44 - 1.52 (specs/sources.json); every range whose newest version reaches 1.44 is accepted too
    expect(result.stdout).toContain(
      'Target API 1.52 (Engine 29.0) accepts API 1.44 and newer only, so it refuses the client of:\n' +
        '  @dockerapi/v1.41 (API 1.41 at most), used at 2 call site(s): use @dockerapi/v1.44 ... @dockerapi/v1.52, ' +
        '@dockerapi/v1.24-v1.55, @dockerapi/v1.41-v1.51, @dockerapi/v1.44-v1.55 instead\n' +
        '    test/fixtures/check/old-client/list.ts:6:20  containerList\n' +
        '    test/fixtures/check/old-client/list.ts:7:20  systemVersion\n',
    );
  }, 120_000);

  it.concurrent.each([
    { args: ['--engine', '29.2'], code: 1 }, // a raised minimum: 1.44
    { args: ['--api', '1.52'], code: 1 }, // the API version of Engine 29.0 - 29.1, which refuse below 1.44
    { args: ['--engine', '29.3'], code: 0 }, // lowered again to 1.40
    { args: ['--engine', '28.5'], code: 0 },
  ])('the package v1.41 against $args: exit $code', async ({ args, code }) => {
    const result = await check('test/fixtures/check/old-client', ...args, '--format', 'json');
    expect(result.code).toBe(code);
    const refused = (JSON.parse(result.stdout) as CheckReport).target!.refused.map((r) => r.package);
    expect(refused).toEqual(code ? ['@dockerapi/v1.41'] : []);
  });

  it("a range package is refused by its newest version, not its lowest: v1.41-v1.51's client speaks 1.51 to Engine 29.0", async () => {
    const result = await check('test/fixtures/check/program', '--engine', '29.0', '--format', 'json');
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.files.find((f) => f.file.endsWith('/range.ts'))?.sites[0]).toMatchObject({
      package: '@dockerapi/v1.41-v1.51',
      packageApi: '1.51',
    });
    expect(report.target).toMatchObject({ api: '1.52', engine: '29.0', minApi: '1.44', refused: [] });
  }, 120_000);

  it.concurrent.each([
    { args: ['no/such/folder'], want: 'no/such/folder: no such file or folder' },
    { args: ['examples', '--engine', '20.11'], want: '--engine 20.11: unknown Docker Engine release' },
    { args: ['examples', '--api', '1.99'], want: '--api 1.99: no package for API 1.99 (have 1.24..' },
    { args: ['examples', '--format', 'xml'], want: '--format xml: expected text, json or md' },
    { args: ['examples', '--api', '1.41', '--engine', '20.10'], want: 'give one target, not both' },
  ])('refuses $args with exit 2', async ({ args, want }) => {
    const result = await check(...args);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(want);
  });

  it('loads the type checker only for check, so the other commands start without it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-check-'));
    temp.push(dir);
    // a module hook that says when anything imports ts-morph
    const hook = path.join(dir, 'hook.mjs');
    const resolve =
      'export async function resolve(s, c, next) { if (s === "ts-morph") process.stderr.write("imports ts-morph\\n"); return next(s, c); }';
    await writeFile(
      hook,
      `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(resolve)}`)});\n`,
    );
    const run = async (...args: string[]) => {
      try {
        return (await promisify(execFile)(process.execPath, ['--import', hook, cli, ...args], { cwd: repoRoot })).stderr;
      } catch (error: any) {
        return error.stderr as string;
      }
    };
    expect(await run('generate', '--help')).not.toContain('imports ts-morph');
    expect(await run('diff', '--help')).not.toContain('imports ts-morph');
    expect(await run('check', 'no/such/folder')).toContain('imports ts-morph');
  });

  it('refuses a folder without TypeScript files, and a broken tsconfig', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-check-'));
    temp.push(dir);
    await writeFile(path.join(dir, 'notes.md'), '# nothing to check\n');
    expect(await check(dir)).toMatchObject({ code: 2, stderr: expect.stringContaining(`${dir}: no TypeScript files in this folder`) });
    await writeFile(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "strict": tru');
    expect(await check(dir)).toMatchObject({ code: 2, stderr: expect.stringContaining(`${dir}: cannot read tsconfig.json`) });
  });
});
