// Named types for each operation's parameters, JSON body and answer (declared in types.d.ts), so
// that hovers and errors read `ContainerStopParams` and `ContainerInspectResponse` rather than
// paths into openapi-typescript's `operations` tree. An object type is declared as an interface:
// only an interface keeps its name wherever the compiler prints the type.
import type { OperationModel } from './operations.js';
import type { Operation } from '../document/walk.js';
import { refName } from '../document/walk.js';
import type { Schema } from '../document/spec.js';

/** How a body or answer schema is declared: by the definition it names, else as an object or not. */
export interface Shape {
  ref?: string;
  object: boolean;
}

export function shapeOf(schema: Schema | undefined): Shape {
  const ref = refName(schema);
  if (ref) return { ref, object: false };
  const object =
    Boolean(schema) &&
    !schema!.nullable &&
    !schema!.oneOf &&
    !schema!.anyOf &&
    !schema!.enum &&
    schema!.type !== 'array' &&
    (schema!.type === 'object' || Boolean(schema!.properties) || Boolean(schema!.allOf));
  return { object };
}

/** The body and answer shapes of an operation, read from its OpenAPI 3 operation object. */
export function shapesOf(operation: Operation, model: OperationModel): { body?: Shape; answer?: Shape } {
  const { op } = operation;
  const bodySchema = model.body && op.requestBody?.content?.[model.body.mediaType]?.schema;
  const { status, contentType } = model.response;
  const answerSchema = status && contentType ? op.responses?.[status]?.content?.[contentType]?.schema : undefined;
  return { body: bodySchema && shapeOf(bodySchema), answer: answerSchema && shapeOf(answerSchema) };
}

export interface OperationTypes {
  /** The params object's type name, or undefined when the operation takes no parameters. */
  params?: string;
  /** The answer's type name (of each item for a JSON-lines stream), or undefined when it is not JSON. */
  answer?: string;
  /** The declarations to place in types.d.ts, each complete. */
  declarations: string[];
  /** Names the runtime's helpers are typed with (run: the create body; build: the build params). */
  helperTypes: string[];
}

const HELPER_OPERATIONS: Record<string, 'body' | 'params'> = { ContainerCreate: 'body', ImageBuild: 'params' };

const opType = (op: OperationModel) => `operations['${op.operationId}']`;

// `Named<T>` (declared in types.d.ts as `T`): an interface may extend only a type reference.
const declare = (name: string, shape: Shape | undefined, expression: string) =>
  shape?.object ? `export interface ${name} extends Named<${expression}> {}` : `export type ${name} = ${expression};`;

/** The answer's JSON type expression: the named item of a stream, else the spec's response schema. */
function answerExpression(op: OperationModel, definitions: Set<string>): string | undefined {
  const { kind, status, contentType, item } = op.response;
  if (op.quirks.unsupported || (kind !== 'json' && kind !== 'json-stream')) return undefined;
  if (kind === 'json-stream' && item && definitions.has(item)) return item;
  return contentType === 'application/json' ? `${opType(op)}['responses'][${status}]['content']['${contentType}']` : 'unknown';
}

/**
 * `<Id>Params`, `<Id>Body` and `<Id>Response` of one operation. A definition of the answer's name is
 * reused when it is the answer; one that is something else makes the answer `<Id>Result`.
 */
export function operationTypes(op: OperationModel, shapes: { body?: Shape; answer?: Shape }, definitions: Set<string>): OperationTypes {
  const id = op.operationId;
  const declarations: string[] = [];
  const taken = (name: string) => {
    if (definitions.has(name)) throw new Error(`${id}: the type name ${name} is already a definition`);
    return name;
  };
  let body: string | undefined;
  if (op.body?.kind === 'json') {
    body = taken(`${id}Body`);
    const expression = `NonNullable<${opType(op)}['requestBody']>['content']['${op.body.mediaType}']`;
    declarations.push(declare(body, shapes.body, expression));
  } else if (op.body) body = 'BinaryBody';
  const hasParams = op.pathParams.length + op.queryParams.length + op.headerParams.length > 0;
  let params: string | undefined;
  if (hasParams || body) {
    params = taken(`${id}Params`);
    // Three bases, never one (see the runtime's params.ts): errors then name the interface.
    const extendsClause = hasParams
      ? ` extends ${['PathParams', 'QueryParams', 'HeaderParams'].map((part) => `${part}<${opType(op)}>`).join(', ')}`
      : '';
    const members = body ? ` body${op.body!.required ? '' : '?'}: ${body}; ` : '';
    declarations.push(`export interface ${params}${extendsClause} {${members}}`);
  }
  let answer: string | undefined;
  const expression = answerExpression(op, definitions);
  if (expression === 'unknown') answer = expression;
  else if (expression) {
    answer = `${id}Response`;
    const { kind, item } = op.response;
    const named = kind === 'json-stream' && item && definitions.has(item) ? item : shapes.answer?.ref;
    if (definitions.has(answer) && named !== answer) answer = `${id}Result`;
    if (named !== answer) declarations.push(declare(taken(answer), named ? undefined : shapes.answer, named ?? expression));
  }
  const helper = HELPER_OPERATIONS[id];
  const helperName = helper === 'body' ? body : helper === 'params' ? params : undefined;
  return { params, answer, declarations, helperTypes: helperName ? [helperName] : [] };
}
