// The named operation types of a generated package: hovers read them, and every JSON request body
// refuses a misspelled field (a consumer file with one `@ts-expect-error` per body-taking operation,
// each beside a control call that must compile).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../../generator/src/document/sources.ts';
import { consumerFile, hover, languageService, removeConsumerFiles, tsc } from '../support/type-check.ts';

afterAll(removeConsumerFiles);

it('hovers over v1.44 methods and answers read the named operation types', async () => {
  const text = [
    "import { DockerClient } from '@dockerapi/v1.44';",
    'const docker = new DockerClient();',
    'export async function inspect() {',
    "  const inspected = await docker.containerInspect({ id: 'web' });",
    "  const image = await docker.imageInspect({ name: 'busybox' });",
    '  return [inspected, image];',
    '}',
    'export const stopped = docker.containerStop({});',
  ].join('\n');
  const file = await consumerFile('hover', text);
  const service = languageService(file);
  expect(hover(service, file, text, 'containerInspect')).toContain(
    '(params: ContainerInspectParams, options?: CallOptions): Promise<ContainerInspectResponse>',
  );
  expect(hover(service, file, text, 'inspected')).toBe('const inspected: ContainerInspectResponse');
  expect(hover(service, file, text, 'image =')).toBe('const image: ImageInspect');
  const errors = service.getSemanticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(errors).toEqual([
    "Argument of type '{}' is not assignable to parameter of type 'ContainerStopParams'.\n" +
      "  Property 'id' is missing in type '{}' but required in type 'ContainerStopParams'.",
  ]);
});

it('a misspelled field fails to compile in every JSON request body of v1.44, and in run() and build()', async () => {
  const table = await readFile(path.join(repoRoot, 'generated/v1.44/operations.js'), 'utf8');
  const bodies = [...table.matchAll(/^ {2}(\w+): \{"id":"(\w+)".*"body":"json"/gm)].map(([, method, id]) => ({ method, id }));
  expect(bodies.length).toBeGreaterThan(20);
  // Which bodies are lists (the field goes into an item) and which hold no objects at all (nothing to misspell).
  const probe = await consumerFile(
    'body-probe',
    [
      `import type { ${bodies.map(({ id }) => `${id}Params`).join(', ')} } from '@dockerapi/v1.44';`,
      ...bodies.map(({ id }) => `export declare const ${id}: NonNullable<${id}Params['body']>;`),
    ].join('\n'),
  );
  const program = languageService(probe).getProgram()!;
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probe)!;
  const kinds = new Map<string, 'object' | 'list' | 'none'>();
  for (const statement of source.statements.filter(ts.isVariableStatement)) {
    const name = statement.declarationList.declarations[0].name;
    const type = checker.getTypeAtLocation(name);
    const item = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : undefined;
    kinds.set(name.getText(source), !item ? 'object' : item.flags & ts.TypeFlags.Object ? 'list' : 'none');
  }
  expect(kinds.size).toBe(bodies.length);
  const lists = [...kinds].filter(([, kind]) => kind === 'list').map(([id]) => id);
  expect(lists).toEqual(['PluginPull', 'PluginUpgrade']);
  expect([...kinds].filter(([, kind]) => kind === 'none').map(([id]) => id)).toEqual(['PluginSet']);

  const typed = bodies.filter(({ id }) => kinds.get(id) !== 'none');
  const declarations = typed.map(({ id }) =>
    kinds.get(id) === 'list'
      ? `declare const ${id}Item: NonNullable<${id}Params['body']>[number];`
      : `declare const ${id}Body: NonNullable<${id}Params['body']>;`,
  );
  const calls = typed.flatMap(({ method, id }) => {
    const body = (extra: string) => (kinds.get(id) === 'list' ? `[{ ...${id}Item${extra} }]` : `{ ...${id}Body${extra} }`);
    return [
      `  await docker.${method}({ ...${id}Params, body: ${body('')} });`,
      '  // @ts-expect-error a misspelled field',
      `  await docker.${method}({ ...${id}Params, body: ${body(', Misspeled: 1')} });`,
    ];
  });
  const file = await consumerFile(
    'misspelled-bodies',
    [
      `import { DockerClient, type ${typed.map(({ id }) => `${id}Params`).join(', type ')} } from '@dockerapi/v1.44';`,
      'const docker = new DockerClient();',
      ...typed.map(({ id }) => `declare const ${id}Params: ${id}Params;`),
      ...declarations,
      'export async function calls(): Promise<void> {',
      ...calls,
      "  await docker.run({ image: 'busybox', config: { Env: ['A=1'], HostConfig: { AutoRemove: true } } });",
      '  // @ts-expect-error a misspelled field of the create body',
      "  await docker.run({ image: 'busybox', config: { Envv: ['A=1'] } });",
      '  // @ts-expect-error a misspelled field of the host config',
      "  await docker.run({ image: 'busybox', config: { HostConfig: { AutoRemovee: true } } });",
      "  await docker.build('.', { t: 'x', dockerfile: 'Dockerfile', gzip: true });",
      '  // @ts-expect-error a misspelled build parameter',
      "  await docker.build('.', { tagg: 'x' });",
      '}',
    ].join('\n'),
  );
  expect(await tsc(file)).toBe('');
});
