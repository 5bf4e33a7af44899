// Validates a JSON response against the response schema of the same operation in the same
// (patched) spec the package was generated from.
import { Ajv, type ValidateFunction } from 'ajv';
import { prepareSpec } from '../../generator/src/stages/index.ts';
import { readInputs } from '../../generator/src/stages/inputs.ts';
import { readDocumentInputs } from '../../generator/src/document/document.ts';
import { readSourceList, apiSpecs } from '../../generator/src/document/sources.ts';
import type { OpenApi } from '../../generator/src/document/spec.ts';
import { prepareRange } from '../../generator/src/range/build.ts';
import { parseRangeSource } from '../../generator/src/range/config.ts';

const list = await readSourceList();
const specs = apiSpecs(list);
const inputs = await readInputs(await readDocumentInputs(list));

/** OpenAPI 3.0's `nullable` as JSON Schema, which is what ajv speaks. */
export function nullableToJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableToJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, nullableToJsonSchema(v)]));
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

export class ResponseValidator {
  readonly #ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  readonly #compiled = new Map<string, ValidateFunction>();
  constructor(readonly openapi: OpenApi) {}

  static async forVersion(version: string): Promise<ResponseValidator> {
    const source = specs.find((s) => s.apiVersion === version);
    if (!source) throw new Error(`no spec for v${version}`);
    return new ResponseValidator((await prepareSpec(source, inputs)).openapi);
  }

  /** Against a range package's common document (`1.41..1.51`). */
  static async forRange(text: string): Promise<ResponseValidator> {
    return new ResponseValidator((await prepareRange(parseRangeSource(text, specs, 'range'), inputs)).openapi);
  }

  /** Whether the spec gives `operationId` a JSON answer schema to check against. */
  hasSchema(operationId: string): boolean {
    return this.#find(operationId) !== undefined;
  }

  /** Problems with `data` as the answer of `operationId` (empty when it conforms). */
  check(operationId: string, data: unknown): string[] {
    let validate = this.#compiled.get(operationId);
    if (!validate) {
      const schema = this.#schemaOf(operationId);
      // The components ride along, at the root even when the answer itself may be null, so that
      // `#/components/schemas/...` references resolve.
      const root = { ...(nullableToJsonSchema(schema) as object), components: nullableToJsonSchema(this.openapi.components) };
      validate = this.#ajv.compile(root);
      this.#compiled.set(operationId, validate);
    }
    if (validate(data)) return [];
    return (validate.errors ?? []).map((e) => `${operationId}: response${e.instancePath} ${e.message} (${e.schemaPath})`);
  }

  #schemaOf(operationId: string): Record<string, unknown> {
    const schema = this.#find(operationId);
    if (!schema) throw new Error(`${operationId} has no JSON response schema`);
    return schema;
  }

  #find(operationId: string): Record<string, unknown> | undefined {
    for (const item of Object.values<any>(this.openapi.paths)) {
      for (const op of Object.values<any>(item)) {
        if (op?.operationId !== operationId) continue;
        const isJson = ([status, r]: [string, any]) => /^2/.test(status) && r.content?.['application/json']?.schema;
        const [, response] = Object.entries<any>(op.responses).find(isJson) ?? [];
        return response?.content['application/json'].schema;
      }
    }
    throw new Error(`no operation ${operationId}`);
  }
}
