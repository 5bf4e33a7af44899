// The input keys: if nothing that shapes a version's document or package changed, what was derived
// from it before (endpoint list, model, package files) is reused. A key hashes the very inputs the
// work is given, so an input added later is in the key without being named here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { listFiles } from '../output/folder.js';
import { repoRoot, sha256, type SpecSource } from '../document/sources.js';
import { documentInputsFor, type DocumentInputs } from '../document/document.js';
import type { Inputs } from '../stages/inputs.js';

const require = createRequire(import.meta.url);
const TOOLS = ['openapi-typescript', 'swagger2openapi', '@apidevtools/swagger-parser', 'handlebars', 'js-yaml', 'fast-json-patch'];

/** Hash of the generator's own code, templates and the versions of the tools it drives. */
export async function generatorHash(): Promise<string> {
  const parts: string[] = [];
  for (const dir of ['generator/src', 'templates']) {
    for (const name of await listFiles(path.join(repoRoot, dir))) {
      parts.push(name, await readFile(path.join(repoRoot, dir, name), 'utf8'));
    }
  }
  for (const tool of TOOLS) parts.push(tool, require(`${tool}/package.json`).version);
  return sha256(parts.join('\0'));
}

/**
 * What shapes a version's patched document: the generator, the pinned file, and what
 * documentInputsFor() gives of `documents` (the patches covering it; a rebuilt version's base and
 * change log).
 */
export const specKey = (source: SpecSource, documents: DocumentInputs, generator: string): string =>
  sha256(JSON.stringify([generator, source, documentInputsFor(documents, source)]));

/** What shapes a package: the generator, the pinned file, and the inputs its job carries (stages/inputs.ts inputsFor()). */
export const inputKey = (source: SpecSource, inputs: Inputs, generator: string): string =>
  sha256(JSON.stringify([generator, source, inputs]));
