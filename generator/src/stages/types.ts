// OpenAPI 3 -> TypeScript declarations (schema.d.ts), by openapi-typescript's transforms.
//
// Most paths and definitions of a version are those of the version before, unchanged, so each is
// rendered once (per worker) and its text reused: the key is its own JSON, and an entry holds only
// while every definition the transforms looked up for it (`ctx.resolve`) is still the same. The
// document is not linted again (openapi-typescript's own first step): load.ts validated it as
// Swagger 2.0 (operation ids included) before the conversion.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { GlobalContext, OpenAPI3 } from 'openapi-typescript';
import type { OpenApi } from '../document/spec.js';
import { TAKES_DATE } from './timestamps.js';

// Loaded on first use: it brings the TypeScript compiler (most of a second), which a run that
// reuses every package never needs. Required, not imported: as CommonJS the compiler's 9 MB are not
// scanned for their export names, nor each module passed through the ES module loader's hooks.
const require = createRequire(import.meta.url);
type Library = [typeof import('openapi-typescript'), { default: typeof import('typescript') }];
const openapiTypescript = async (): Promise<Library> => [require('openapi-typescript'), { default: require('typescript') }];
type Discriminators = GlobalContext['discriminators'];

/** A rendered path (with its operations) or definition, and the lookups its text depends on. */
interface Rendered {
  /** Its members' lines: a path's in `paths`, a definition's in `components.schemas`. */
  text: string;
  /** A path's operations' members, in `operations`. */
  operations: string;
  /** `$ref` -> hash of what it resolved to when rendered. */
  lookups: [string, string][];
}

const rendered = new Map<string, Rendered[]>();

const hashOf = (value: unknown) =>
  createHash('sha1')
    .update(JSON.stringify(value) ?? 'undefined')
    .digest('base64');

// What openapi-typescript prints around the members for a document of this project's shape
// (paths, definitions, no other components, no webhooks): `frameFits` says when a document has it.
const frame = (paths: string, schemas: string, operations: string) =>
  [
    `export interface paths {\n${paths}}`,
    'export type webhooks = Record<string, never>;',
    `export interface components {\n    schemas: {\n${schemas}    };`,
    ...['responses', 'parameters', 'requestBodies', 'headers', 'pathItems'].map((key) => `    ${key}: never;`),
    '}',
    'export type $defs = Record<string, never>;',
    `export interface operations {\n${operations}}`,
    '',
  ].join('\n');

const RENDERED_COMPONENTS = ['responses', 'parameters', 'requestBodies', 'headers', 'pathItems'];

const frameFits = (doc: OpenApi, discriminators: Discriminators) =>
  !doc.webhooks &&
  !doc.$defs &&
  Object.keys(doc.paths ?? {}).length > 0 &&
  Object.keys(doc.components?.schemas ?? {}).length > 0 &&
  !RENDERED_COMPONENTS.some((key) => doc.components?.[key]) &&
  Object.keys(discriminators.objects).length === 0;

export async function schemaTypes(openapi: OpenApi): Promise<string> {
  const library = await openapiTypescript();
  const [ot] = library;
  const doc = openapi as OpenAPI3;
  const discriminators = ot.scanDiscriminators(doc, {});
  const whole = () => ot.astToString(ot.transformSchema(doc, contextOf(library, doc, discriminators)));
  if (!frameFits(openapi, discriminators)) return whole();
  const targets = new Map<string, string>();
  const targetHash = (ref: string) => {
    if (!targets.has(ref)) targets.set(ref, hashOf(ot.resolveRef(doc, ref, { silent: false })));
    return targets.get(ref)!;
  };
  const parts = { paths: '', schemas: '', operations: '' };
  for (const [kind, members] of [
    ['paths', doc.paths],
    ['schemas', doc.components!.schemas],
  ] as const) {
    for (const [name, member] of Object.entries<unknown>(members ?? {})) {
      const key = `${kind} ${name} ${hashOf(member)}`;
      const candidates = rendered.get(key) ?? [];
      let hit = candidates.find((entry) => entry.lookups.every(([ref, hash]) => targetHash(ref) === hash));
      if (!hit) {
        const mini =
          kind === 'paths'
            ? { ...doc, paths: { [name]: member }, components: {} }
            : { ...doc, paths: {}, components: { schemas: { [name]: member } } };
        hit = renderAlone(library, mini as OpenAPI3, { doc, discriminators }, kind, targetHash);
        // A member whose text needs a helper type beside it cannot be cut out: the whole document is rendered as one.
        if (!hit) return whole();
        rendered.set(key, [...candidates, hit]);
      }
      parts[kind] += hit.text;
      parts.operations += hit.operations;
    }
  }
  if (!parts.operations) return whole();
  return frame(parts.paths, parts.schemas, parts.operations);
}

/** One path or definition alone in `mini`, its references resolved against the whole `doc`. */
function renderAlone(
  library: Library,
  mini: OpenAPI3,
  { doc, discriminators }: { doc: OpenAPI3; discriminators: Discriminators },
  kind: 'paths' | 'schemas',
  targetHash: (ref: string) => string,
): Rendered | undefined {
  const [ot] = library;
  const lookups = new Set<string>();
  const ctx = contextOf(library, doc, discriminators, lookups);
  const nodes = ot.transformSchema(mini, ctx);
  if (ctx.injectFooter.some((node) => (node as { name?: { escapedText?: string } }).name?.escapedText !== 'operations')) return undefined;
  const text = ot.astToString(nodes);
  const between = (start: string, end: string) => {
    const from = text.indexOf(start);
    return from < 0 ? '' : text.slice(from + start.length, text.indexOf(end, from + start.length) + 1);
  };
  return {
    text: kind === 'paths' ? between('export interface paths {\n', '\n}\n') : between('    schemas: {\n', '\n    };\n'),
    operations: between('export interface operations {\n', '\n}\n'),
    lookups: [...lookups].map((ref) => [ref, targetHash(ref)]),
  };
}

/** The transforms' settings: openapi-typescript's defaults, with this project's options. */
function contextOf([ot, { default: ts }]: Library, doc: OpenAPI3, discriminators: Discriminators, lookups?: Set<string>): GlobalContext {
  const ctx: Omit<GlobalContext, 'redoc'> = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    // defaultNonNullable off: a default is what the engine fills in, so the caller may omit the field.
    defaultNonNullable: false,
    discriminators,
    // emptyObjectsUnknown: a free-form `type: object` is Record<string, unknown>, not Record<string, never>.
    emptyObjectsUnknown: true,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    silent: false,
    inject: undefined,
    // A timestamp parameter (./timestamps.ts): its string or integer, or a Date.
    transform: (schema) =>
      (schema as Record<string, unknown>)[TAKES_DATE]
        ? ot.tsUnion([schema.type === 'string' ? ot.STRING : ot.NUMBER, ts.factory.createTypeReferenceNode('Date')])
        : undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: <T>(ref: string) => {
      lookups?.add(ref);
      return ot.resolveRef<T>(doc, ref, { silent: false });
    },
  };
  // redoc: the linter's settings, used only by the lint this stage does not run.
  return ctx as GlobalContext;
}
