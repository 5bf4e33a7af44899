// What the types promise, against what the runtime and the engine do: the websocket attach's answer,
// image load's lines, timestamps given as Dates, the methods' versions on hover, and misspelled
// parameters named by their operation's params type, in version and range packages alike.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../generator/src/output/folder.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';
import { consumerFile, errorsByLine, hover, hoverTags, languageService, removeConsumerFiles } from '../support/type-check.ts';

afterAll(removeConsumerFiles);

const packages = async () => Object.keys((await readManifest(path.join(repoRoot, 'generated')))!.versions);
const read = (version: string, file: string) => readFile(path.join(repoRoot, `generated/v${version}/${file}`), 'utf8');

/** Compiles `lines` as a consumer file; returns its errors as `line: message`. */
async function errorsOf(name: string, lines: string[]): Promise<string[]> {
  const file = await consumerFile(name, lines.join('\n'));
  return errorsByLine(languageService(file), file);
}

describe('containerAttachWebsocket', () => {
  it('answers a WebSocketStream in every package, which has no exit code, half-close or resize', async () => {
    for (const version of await packages()) {
      expect(await read(version, 'client.d.ts'), version).toMatch(/containerAttachWebsocket\(params: [^)]*\): Promise<WebSocketStream>;/);
    }
    const errors = await errorsOf('websocket', [
      "import { DockerClient } from '@dockerapi/v1.44-v1.55';",
      'const docker = new DockerClient();',
      'export async function attach() {',
      "  const ws = await docker.containerAttachWebsocket({ id: 'x', stream: true });",
      "  await ws.write('hi');",
      '  void ws.output.text();',
      '  ws.close();',
      '  await ws.exitCode();',
      '  ws.closeStdin();',
      '  await ws.resize({ h: 1, w: 1 });',
      '}',
    ]);
    expect(errors).toEqual([
      "8: Property 'exitCode' does not exist on type 'WebSocketStream'.",
      "9: Property 'closeStdin' does not exist on type 'WebSocketStream'.",
      "10: Property 'resize' does not exist on type 'WebSocketStream'.",
    ]);
  });
});

it("types image load's lines with the `stream` the engine sends (`Loaded image: ...`)", async () => {
  const errors = await errorsOf(
    'image-load',
    ['1.24', '1.41', '1.55', '1.24-v1.55'].flatMap((version, i) => [
      `import { DockerClient as Client${i} } from '@dockerapi/v${version}';`,
      `export async function load${i}(tar: Uint8Array): Promise<Array<string | undefined>> {`,
      `  const lines = await new Client${i}().imageLoad({ body: tar });`,
      '  const loaded: Array<string | undefined> = [];',
      '  for await (const line of lines) loaded.push(line.stream);',
      '  return loaded;',
      '}',
    ]),
  );
  expect(errors).toEqual([]);
});

it('takes a Date for every since and until that is a point in time, not for a container', async () => {
  const errors = await errorsOf('dates', [
    "import { DockerClient } from '@dockerapi/v1.55';",
    "import { DockerClient as Client124 } from '@dockerapi/v1.24';",
    "import { DockerClient as Range } from '@dockerapi/v1.41-v1.51';",
    'const docker = new DockerClient();',
    'const from = new Date(0);',
    'export async function calls() {',
    '  await docker.systemEvents({ since: from, until: new Date() });',
    "  await docker.containerLogs({ id: 'x', stdout: true, since: from, until: new Date() });",
    "  await docker.serviceLogs({ id: 'x', stdout: true, since: from });",
    "  await docker.taskLogs({ id: 'x', stdout: true, since: from });",
    '  await new Range().systemEvents({ since: from, until: from });',
    '  await new Client124().systemEvents({ since: from });',
    "  await docker.systemEvents({ since: '1700000000', until: '1700000060' });",
    '  // In 1.24 ContainerList `since` names a container.',
    '  await new Client124().containerList({ since: from });',
    '}',
  ]);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^15: Type 'Date' is not assignable to type 'string'/);
});

it('shows on hover the version a method came in, and whether it is deprecated', async () => {
  const text = [
    "import { DockerClient } from '@dockerapi/v1.55';",
    'const docker = new DockerClient();',
    "export const updated = docker.volumeUpdate({ name: 'v', version: 1 });",
    "export const inspected = docker.containerInspect({ id: 'x' });",
    'export const session = docker.session();',
  ].join('\n');
  const file = await consumerFile('method-tags', text);
  const service = languageService(file);
  expect(hoverTags(service, file, text, 'volumeUpdate')).toEqual(['since 1.42']);
  expect(hoverTags(service, file, text, 'containerInspect')).toEqual(['since 1.24']);
  expect(hoverTags(service, file, text, 'session(')).toEqual(['since 1.31', 'deprecated']);
});

describe('a misspelled parameter', () => {
  for (const version of ['1.44', '1.41-v1.51']) {
    it(`is reported against the operation's own params type in every method of v${version}`, async () => {
      const table = await read(version, 'operations.js');
      const types = await read(version, 'types.d.ts');
      const methods = [...table.matchAll(/^ {2}(\w+): \{"id":"(\w+)"/gm)]
        .map(([, method, id]) => ({ method, id }))
        .filter(({ id }) => types.includes(`export interface ${id}Params `));
      expect(methods.length).toBeGreaterThan(80);
      const errors = await errorsOf(`misspelled-params-${version}`, [
        `import { DockerClient } from '@dockerapi/v${version}';`,
        'const docker = new DockerClient();',
        'export async function calls() {',
        ...methods.map(({ method }) => `  await docker.${method}({ misspeled: 1 });`),
        '}',
      ]);
      expect(errors).toHaveLength(methods.length);
      methods.forEach(({ id }, i) => {
        expect(errors[i]).toMatch(new RegExp(`^${i + 4}: [^]*'misspeled' does not exist in type '${id}Params[' ]`));
        expect(errors[i]).not.toContain('Params<');
      });
    });
  }
});

describe('range answers merged from members that disagree', () => {
  it('gives v1.41-v1.51 stats their fields (a bare object before 1.48) and says why network create Id is optional', async () => {
    const text = [
      "import { DockerClient, type ContainerStatsResponse } from '@dockerapi/v1.41-v1.51';",
      'const docker = new DockerClient();',
      'export async function stats(): Promise<number | null | undefined> {',
      "  const once: ContainerStatsResponse = await docker.containerStats({ id: 'x', stream: false });",
      "  const created = await docker.networkCreate({ body: { Name: 'n' } });",
      '  void created.Id;',
      '  return once.cpu_stats?.online_cpus;',
      '}',
    ].join('\n');
    const file = await consumerFile('range-answers', text);
    const service = languageService(file);
    expect(errorsByLine(service, file)).toEqual([]);
    expect(hover(service, file, text, 'Id;')).toBe('(property) Id?: string | undefined');
    const [description] = hoverTags(service, file, text, 'Id;');
    expect(description).toMatch(/^description The ID of the created network\.\s+Optional in this range: required from API 1\.46,/);
  });
});
