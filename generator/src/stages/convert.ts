// Swagger 2.0 -> OpenAPI 3.0, because openapi-typescript 7 reads only OpenAPI 3.
import { createRequire } from 'node:module';
import type { OpenApi, Swagger } from '../document/spec.js';
import { operationsOf } from '../document/walk.js';

const SOURCE_TEXT_UNUSED = '(not kept)';
const require = createRequire(import.meta.url);

export async function toOpenApi3(name: string, doc: Swagger): Promise<OpenApi> {
  // Loaded on first use, like the other heavy stages: a run that reuses every package never converts.
  // Required: as CommonJS its modules skip the ES module loader's hooks and export scan.
  const converter: typeof import('swagger2openapi') = require('swagger2openapi');
  try {
    // patch: false so that anything not normalized beforehand fails loudly instead of being guessed.
    // text: the converter only keeps the source text for its caller; without one it serializes the
    // whole document to YAML first, a third of its time.
    const { openapi } = await converter.convertObj(doc, { patch: false, warnOnly: false, resolve: false, text: SOURCE_TEXT_UNUSED });
    return inlineSharedRequestBodies(openapi as OpenApi);
  } catch (error) {
    throw new Error(`${name}: cannot convert to OpenAPI 3: ${(error as Error).message}`);
  }
}

/**
 * The converter moves body parameters with equal schemas into `components.requestBodies` and refers
 * to them; every later stage reads an operation's own `requestBody`, so the references are put back.
 */
export function inlineSharedRequestBodies(openapi: OpenApi): OpenApi {
  const shared = openapi.components?.requestBodies;
  if (!shared) return openapi;
  for (const { op } of operationsOf(openapi)) {
    const ref = op.requestBody?.$ref;
    if (typeof ref !== 'string') continue;
    const body = shared[ref.split('/').pop()!];
    if (!body) throw new Error(`request body ${ref} is not in components.requestBodies`);
    op.requestBody = structuredClone(body);
  }
  delete openapi.components!.requestBodies;
  return openapi;
}
