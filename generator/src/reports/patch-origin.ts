// Which diff changes come from our own patches (specs/patches/) rather than from upstream. What is
// ours is decided by comparing: a change of the patched diff that the diff of the unpatched documents
// lacks is ours. Which patch made it is read from the places the patches touch: each operation's JSON
// pointer names a definition property or an operation's parameter or response field.
import type { SpecPatch } from '../document/patches.js';
import { inRange } from '../versions.js';
import type { ApiDiff, Change, ChangeKind } from './diff.js';

interface PatchTarget {
  id: string;
  /** `definition HostConfig`, or an endpoint `GET /containers/{id}/json`. */
  subject: string;
  /** The property path (`.Binds`), `response 200.ExecIDs`, or a parameter name (`.buildargs`). */
  location: string;
  /** The keyword the patch sets (`x-nullable`, `enum`), or undefined when it replaces the whole schema. */
  keyword?: string;
}

const kindsOf: Record<string, ChangeKind[]> = {
  'x-nullable': ['became-nullable', 'became-non-nullable'],
  enum: ['enum-added', 'enum-removed', 'enum-introduced', 'enum-lifted'],
};

const unescapePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The place a pointer names, in the diff's terms; undefined for places the diff does not report. */
function targetOf(id: string, pointer: string, operations: { op: string; path: string; value?: unknown }[]): PatchTarget | undefined {
  const segments = pointer.split('/').slice(1).map(unescapePointer);
  let subject: string;
  let rest: string[];
  let location = '';
  if (segments[0] === 'definitions') {
    subject = `definition ${segments[1]}`;
    rest = segments.slice(2);
  } else if (segments[0] === 'paths') {
    subject = `${segments[2].toUpperCase()} ${segments[1]}`;
    rest = segments.slice(3);
    if (rest[0] === 'parameters') {
      // The parameter's name is what its `test` operation pins.
      const name = operations.find((o) => o.op === 'test' && o.path === `${pointer.split('/').slice(0, 6).join('/')}/name`)?.value;
      return typeof name === 'string' ? { id, subject, location: `.${name}`, keyword: rest[2] } : undefined;
    }
    if (rest[0] === 'responses') {
      location = `response ${rest[1]}`;
      rest = rest.slice(3);
    }
  } else return undefined;
  let keyword: string | undefined;
  // The first other segment is the keyword (`enum` of `/enum/-`); what follows it is inside its value.
  for (let i = 0; i < rest.length && !keyword; i++) {
    if (rest[i] === 'allOf') i++;
    else if (rest[i] === 'properties') location += `.${rest[++i]}`;
    else if (rest[i] === 'items') location += '[]';
    else if (rest[i] === 'additionalProperties') location += '{}';
    else keyword = rest[i];
  }
  return { id, subject, location, keyword };
}

/** The places each patch that applies to `version` touches. */
export function patchTargets(patches: SpecPatch[], version: string): PatchTarget[] {
  return patches.flatMap((patch) =>
    patch.apply
      .filter((a) => inRange(version, a.versions))
      .flatMap((a) =>
        a.operations
          .filter((o) => o.op !== 'test')
          .map((o) => targetOf(patch.id, o.path, a.operations as { op: string; path: string; value?: unknown }[]))
          .filter((t): t is PatchTarget => t !== undefined),
      ),
  );
}

/** `.Ports` reaches `.Ports`, `.Ports{}`, `.Ports[]`, `.Ports.HostIp`, and `request.Ports` where its definition is inlined. */
const reaches = (at: string, place: string) =>
  place !== '' && (at.endsWith(place) || ['.', '[', '{'].some((next) => at.includes(`${place}${next}`)));

/** A change at the patched place or below it, or about the whole answer holding it (`response` content types). */
const within = (at: string, place: string) => place === '' || at.startsWith(place) || place.startsWith(`${at} `) || reaches(at, place);

function matches(change: Change, target: PatchTarget): boolean {
  if (target.keyword && kindsOf[target.keyword] && !kindsOf[target.keyword].includes(change.kind)) return false;
  if (change.subject === target.subject) return within(change.location, target.location);
  // A definition inlined elsewhere (an operation's body, another definition's allOf): the same property, reached from there.
  return target.subject.startsWith('definition ') && reaches(change.location, target.location);
}

/** A change's place, the same in the patched and the unpatched diff. */
const placeOf = (c: Change) => `${c.kind} ${c.subject} ${c.location}`;

/**
 * Marks each change of `diff` (between the patched documents) that `upstream` (the same pair unpatched)
 * lacks with the patch that made it. `patchedAs` maps a version to the one whose patches it carries
 * (v1.24 is rebuilt from the patched v1.25).
 */
export function markPatchOrigins(diff: ApiDiff, upstream: ApiDiff, patches: SpecPatch[], patchedAs = (v: string) => v): ApiDiff {
  const upstreamPlaces = new Set(upstream.changes.map(placeOf));
  const [a, b] = [patchTargets(patches, patchedAs(diff.from)), patchTargets(patches, patchedAs(diff.to))];
  const key = (t: PatchTarget) => `${t.id} ${t.subject} ${t.location} ${t.keyword}`;
  const [keysA, keysB] = [new Set(a.map(key)), new Set(b.map(key))];
  // A patch applied to both versions alike changes nothing between them; one applied to both differently may.
  const oneSided = [...a.filter((t) => !keysB.has(key(t))), ...b.filter((t) => !keysA.has(key(t)))];
  const either = [...new Set([...oneSided, ...a, ...b].map((t) => t.id))];
  const changes = diff.changes.map((change) => {
    if (upstreamPlaces.has(placeOf(change))) return change;
    // The patch of the change's own definition first: another's same-named property (`.Warnings`) only when none is.
    const target =
      oneSided.find((t) => t.subject === change.subject && matches(change, t)) ??
      oneSided.find((t) => matches(change, t)) ??
      [...a, ...b].find((t) => matches(change, t));
    return { ...change, patch: target?.id ?? either.join(', ') };
  });
  return { ...diff, changes };
}
