// The document as upstream publishes it, converted, without converting all of it: a patch changes
// only the path items and definitions its pointers name, and everything else converts alike in the
// upstream and the patched document (each path item and each definition converts on its own). So
// only what the patches touch is converted from upstream, and the rest is the patched conversion's.
import type { OpenApi, Swagger } from '../document/spec.js';
import type { SpecPatch } from '../document/patches.js';
import { inRange } from '../versions.js';

/** The path items and definitions the patches at `version` may change; undefined when one changes anything else. */
export function touchedBy(patches: SpecPatch[], version: string): { paths: Set<string>; definitions: Set<string> } | undefined {
  const touched = { paths: new Set<string>(), definitions: new Set<string>() };
  for (const { versions, operations } of patches.flatMap((p) => p.apply)) {
    if (!inRange(version, versions)) continue;
    for (const operation of operations) {
      for (const pointer of [operation.path, (operation as { from?: string }).from]) {
        if (pointer === undefined) continue;
        const [root, name] = pointer
          .split('/')
          .slice(1)
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
        if (root === 'paths' && name) touched.paths.add(name);
        else if (root === 'definitions' && name) touched.definitions.add(name);
        else return undefined;
      }
    }
  }
  return touched;
}

/**
 * `upstream` cut down to the touched path items and definitions: what is left to convert. The other
 * definitions stay as empty schemas, so that the references to them still resolve.
 */
export function touchedPart(upstream: Swagger, touched: NonNullable<ReturnType<typeof touchedBy>>): Swagger {
  const paths = Object.fromEntries(Object.entries(upstream.paths).filter(([route]) => touched.paths.has(route)));
  const definitions =
    upstream.definitions &&
    Object.fromEntries(Object.entries(upstream.definitions).map(([name, schema]) => [name, touched.definitions.has(name) ? schema : {}]));
  return { ...upstream, paths, definitions };
}

/**
 * The upstream document's conversion: in upstream's order, its touched path items and schemas from
 * `part` (touchedPart, converted), the others from `patched` (the patched document converted).
 */
export function assemble(upstream: Swagger, patched: OpenApi, part: OpenApi, touched: NonNullable<ReturnType<typeof touchedBy>>): OpenApi {
  const from = <T>(names: string[], own: Set<string>, mine: Record<string, T> | undefined, theirs: Record<string, T> | undefined) =>
    Object.fromEntries(names.map((name) => [name, (own.has(name) ? mine : theirs)![name]]));
  const out: OpenApi = { ...patched, paths: from(Object.keys(upstream.paths ?? {}), touched.paths, part.paths, patched.paths) };
  if (upstream.definitions) {
    const schemas = from(Object.keys(upstream.definitions), touched.definitions, part.components?.schemas, patched.components?.schemas);
    out.components = { ...patched.components, schemas };
  }
  return out;
}
