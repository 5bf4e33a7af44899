// Renders one version package from its public surface (surface.ts): the code and declarations, the
// API report (api-report.ts) and the API reference (api-reference.ts), each through its template.
// Templates hold no logic: every string they place (doc lines, parameter and result types) is computed here.
import type { OperationDescriptor } from '@dockerapi/runtime';
import type { OperationModel } from './operations.js';
import type { OperationTypes } from './operation-types.js';
import type { Surface } from './surface.js';
import { apiReportView } from './api-report.js';
import { apiReferenceView } from './api-reference.js';
import { renderTemplate } from '../templates.js';

export interface PackageModel {
  /** The highest API version the package speaks. */
  apiVersion: string;
  /** The package's name in the scope and its folder: `v1.44`, or `v1.41-v1.51` for a range. */
  label: string;
  /** A range's lowest version (an older engine is refused); false for a version package. */
  minimumApiVersion: string | false;
  released: boolean;
  specFile: string;
  specSha256: string;
  packageVersion: string;
  runtimeVersion: string;
  repository: string;
  nodeEngines: string;
  /** openapi-typescript's rendering of the whole spec. */
  schemaTypes: string;
  /** `object`: declared as an interface, which keeps its name wherever the compiler prints the type. */
  definitions: { name: string; description?: string; object?: boolean }[];
  /** Its methods and types, for every file that shows them. */
  surface: Surface;
}

const TEMPLATES = [
  'package.json',
  'index.js',
  'index.d.ts',
  'operations.js',
  'operations.d.ts',
  'client.js',
  'client.d.ts',
  'types.d.ts',
  'schema.d.ts',
  'API.md',
  'reference.html',
];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Text safe inside a `/** ... *\/` comment, one entry per line. */
export function docLines(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .replace(/\*\//g, '*\\/')
    .trimEnd()
    .split('\n')
    .map((line) => line.trimEnd());
}

export function operationDoc(op: OperationModel): string[] {
  const lines = docLines(op.summary);
  const description = docLines(op.description);
  if (description.length && description.join('\n') !== lines.join('\n')) {
    if (lines.length) lines.push('');
    lines.push(...description);
  }
  if (lines.length) lines.push('');
  lines.push(`\`${op.method} ${op.path}\` (${op.operationId})`);
  if (op.quirks.unsupported) lines.push(`Not supported by this client: ${op.quirks.unsupported}`);
  // As the fields say it: an editor shows the tags on hover, and strikes a deprecated method through.
  if (op.since) lines.push(`@since ${op.since}`);
  if (op.deprecated) lines.push('@deprecated');
  return lines;
}

export interface Signature {
  paramsRequired: boolean;
  paramsType: string;
  resultType: string;
}

/** The method's result: the named answer type inside whatever carries it. */
export function resultType(op: OperationModel, answer = 'unknown'): string {
  if (op.quirks.unsupported) return 'never';
  switch (op.response.kind) {
    case 'json':
      return answer;
    case 'text':
      return 'string';
    case 'empty':
      return 'void';
    case 'binary':
      return 'BinaryResponse';
    case 'json-stream':
      return `JsonStream<${answer}>`;
    case 'multiplexed-stream':
      return 'OutputStreams';
    case 'hijack':
      // A websocket carries output and stdin only: no exit code, half-close or resize.
      return op.quirks.upgrade === 'websocket' ? 'WebSocketStream' : 'HijackedStream';
    case 'path-stat':
      return 'PathStat | undefined';
  }
}

/**
 * A method's declarations: with `streamParam`, first an overload for `false` that answers one item;
 * with `detach`, first an overload for a body that sets it, which answers nothing.
 */
export function signatures(op: OperationModel, types: Pick<OperationTypes, 'params' | 'answer'>): Signature[] {
  const paramsType = types.params ?? 'Record<string, never>';
  const main = { paramsRequired: op.paramsRequired, paramsType, resultType: resultType(op, types.answer) };
  const { streamParam, detach } = op.quirks;
  if (detach && op.response.kind === 'hijack' && !op.quirks.unsupported) {
    return [{ paramsRequired: true, paramsType: `${paramsType} & { body: { ${detach}: true } }`, resultType: 'void' }, main];
  }
  if (!streamParam || op.response.kind !== 'json-stream') return [main];
  const single = { paramsRequired: true, paramsType: `${paramsType} & { ${streamParam}: false }`, resultType: types.answer ?? 'unknown' };
  return [single, main];
}

const nonEmpty = <T>(list: T[]) => (list.length ? list : undefined);

/** The data table the runtime reads; only what it needs, with stable key order. */
export function descriptor(op: OperationModel): OperationDescriptor {
  const entry: OperationDescriptor = {
    id: op.operationId,
    method: op.method,
    path: op.path,
    since: op.since,
    paramSince: op.paramSince,
    bodySince: op.bodySince,
    query: nonEmpty(op.queryParams),
    json: nonEmpty(op.jsonParams),
    jsonEach: nonEmpty(op.jsonEachParams),
    dates: nonEmpty(op.dateParams),
    headers: nonEmpty(op.headerParams),
    body: op.body && (op.body.kind === 'json' ? 'json' : op.body.contentType),
    response: op.response.kind,
    ...op.quirks,
  };
  // JSON.stringify drops the undefined keys.
  return entry;
}

/**
 * The runtime's helpers typed with this version's own types: `run()`'s config is the create body,
 * `build()`'s params the build query and headers.
 */
function clientBase(types: OperationTypes[]): string {
  const helperTypes = types.flatMap((t) => t.helperTypes);
  const body = helperTypes.find((name) => name === 'ContainerCreateBody') ?? 'Record<string, unknown>';
  const build = helperTypes.includes('ImageBuildParams') ? "Omit<ImageBuildParams, 'body'>" : 'Record<string, unknown>';
  return `ClientBase<${body}, ${build}>`;
}

/** Returns file name -> contents for one version package. */
export async function renderPackage(model: PackageModel): Promise<Map<string, string>> {
  for (const { name } of model.definitions) {
    if (!IDENTIFIER.test(name)) throw new Error(`${model.specFile}: definition "${name}" is not a valid type name`);
  }
  const header = `// Generated by dockerapi-gen from ${model.specFile} (Docker Engine API ${model.label}). Do not edit.`;
  const typed = model.surface.methods.map(({ model: op, types }) => ({ op, types }));
  const table = Object.fromEntries(typed.map(({ op }) => [op.name, descriptor(op)]));
  const title = model.label.slice(1);
  const view = {
    ...model,
    header,
    table: `{\n${Object.entries(table)
      .map(([name, entry]) => `  ${name}: ${JSON.stringify(entry)},`)
      .join('\n')}\n}`,
    types: model.schemaTypes,
    definitions: model.definitions.map((d) => ({
      doc: docLines(d.description),
      declaration: d.object
        ? `export interface ${d.name} extends Named<components['schemas']['${d.name}']> {}`
        : `export type ${d.name} = components['schemas']['${d.name}'];`,
    })),
    operations: typed.map(({ op, types }) => ({ name: op.name, doc: operationDoc(op), signatures: signatures(op, types) })),
    operationTypes: typed.flatMap(({ types }) => types.declarations),
    clientBase: clientBase(typed.map(({ types }) => types)),
    typeImports: [...new Set(typed.flatMap(({ types }) => [types.params, types.answer, ...types.helperTypes]))]
      .filter((name): name is string => Boolean(name) && name !== 'unknown' && name !== 'BinaryBody')
      .sort(),
  };
  // The two documents have views of their own; the code and declarations share one.
  const views: Record<string, object> = {
    'API.md': apiReportView(title, model.surface),
    'reference.html': apiReferenceView(title, model.surface),
  };
  const files = new Map<string, string>();
  for (const name of TEMPLATES) files.set(name, renderTemplate(`${name}.hbs`, views[name] ?? view));
  return files;
}
