// A version's parsed, patched document, passed between threads: read once, for the cross-version
// facts, then given to every job that needs it (the version's package, each range that has it as a
// member), which deserializes it instead of parsing the YAML and patching it again. v8's serializer
// is the structured clone's: what a job gets is exactly what a fresh parse and patch give.
import v8 from 'node:v8';
import type { SpecDocument } from './document.js';

/** A SpecDocument with its two documents serialized apart: a range member needs no upstream. */
export type SharedDocument = Omit<SpecDocument, 'doc' | 'upstream'> & { doc: Uint8Array; upstream?: Uint8Array };

export function share({ doc, upstream, ...rest }: SpecDocument): SharedDocument {
  return { ...rest, doc: v8.serialize(doc), ...(upstream ? { upstream: v8.serialize(upstream) } : {}) };
}

export function unshare({ doc, upstream, ...rest }: SharedDocument): SpecDocument {
  return { ...rest, doc: v8.deserialize(doc), ...(upstream ? { upstream: v8.deserialize(upstream) } : {}) };
}

/** Without the upstream document: what a range reads of a member. */
export const patchedOnly = ({ upstream: _upstream, ...rest }: SharedDocument): SharedDocument => rest;
