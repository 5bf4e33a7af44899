// Parses and validates one pinned Swagger 2.0 spec.
import yaml from 'js-yaml';

export type Swagger = Record<string, any>;

export class SpecError extends Error {}

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

/** Validates a copy, since swagger-parser dereferences in place and we keep the `$ref`s. */
export async function validateSpec(name: string, doc: Swagger): Promise<void> {
  // Loaded on first use: a run that reuses every package validates nothing.
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  try {
    await SwaggerParser.validate(structuredClone(doc) as never);
  } catch (error) {
    throw new SpecError(`${name}: invalid Swagger 2.0: ${(error as Error).message}`);
  }
}
