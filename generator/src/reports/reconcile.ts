// Matches the change log's notes for a version to the structural changes from the version before:
// what the log documents, what changed without a note, and notes with no visible spec change.
// Every match says which words tied it; known kinds of log mistakes are reported as such.
import type { ApiDiff, Change } from './diff.js';
import type { Note } from '../document/changelog.js';
import { normalizePath } from '../document/changelog.js';
import { HTTP_METHODS, METHOD_PATTERN } from '../document/walk.js';
import { abbreviates, nameKey } from '../document/names.js';

const ENDPOINT_SUBJECT = new RegExp(`^(${METHOD_PATTERN}) (\\S+)$`);

/** What the reconciliation needs of the newer spec. */
export interface SpecView {
  /** `METHOD path` of every operation, paths normalized (`/containers/{}/json`). */
  endpoints: Set<string>;
  /** The definitions an endpoint's request and answers reach, by `METHOD path` as above. */
  definitionsOf(endpoint: string): Set<string>;
  /** The definitions a change's place reaches (`response 200.Status` -> `NetworkStatus`, and those it reaches). */
  definitionsAt?(subject: string, location: string): Set<string>;
}

export interface Reconciliation {
  from: string;
  to: string;
  notes: Note[];
  /** Notes tied to changes. */
  documented: { note: Note; changes: { change: Change; tiedBy: string[] }[]; caveats: string[] }[];
  /** Structural changes no note mentions. */
  undocumented: Change[];
  /** Notes with no visible spec change: `behaviour-only: ...` or `not in the spec: ...`, with the reason. */
  unmatched: { note: Note; reason: string }[];
  /** Changes our own patches made (`change.patch`): listed apart, never tied to a note nor counted as undocumented. */
  fromPatches: Change[];
}

const endpointOf = (change: Change) => {
  const match = ENDPOINT_SUBJECT.exec(change.subject);
  return match ? { method: match[1], path: normalizePath(match[2]) } : undefined;
};

/** Backticked words too common to tie a note by themselves; beside an endpoint the note names they still tie. */
const GENERIC = new Set(['id', 'name', 'true', 'false', 'null', 'all', 'type', 'status', 'json', 'yes', 'no']);

/** Prose words that never name the field they stand beside. */
const PROSE = new Set([
  'now',
  'new',
  'field',
  'fields',
  'parameter',
  'parameters',
  'query',
  'value',
  'values',
  'return',
  'returns',
  'response',
  'request',
  'endpoint',
  'option',
  'options',
  'filter',
  'filters',
  'this',
  'that',
  'with',
  'when',
  'which',
  'from',
  'also',
  'include',
  'includes',
  'supports',
  'support',
  'accept',
  'accepts',
  'takes',
  'the',
  'and',
  'for',
  'list',
  'information',
  'containers',
  'container',
  'images',
  'image',
  'networks',
  'network',
  'services',
  'service',
  'volumes',
  'volume',
  'object',
  'name',
  'type',
  'default',
  'will',
  'used',
  'true',
  'false',
  'api',
  'version',
  'versions',
  'daemon',
  'part',
]);

/** Backticked names written as context after `on`, `with`, `in`, `of`, ... (`JobStatus` on services with mode `ReplicatedJob`). */
const CONTEXT = /\b(?:on|with|in|of|for|as)\s+(?:[A-Za-z]+\s+){0,2}((?:`[^`]+`(?:,\s*|\s+(?:and|or)\s+)?)+)/gi;

export const contextNames = (text: string): Set<string> =>
  new Set([...text.matchAll(CONTEXT)].flatMap((m) => [...m[1].matchAll(/`([^`]+)`/g)].map((n) => n[1])));

/** Words in the note's prose, alone and two together (`TLS info` ~ `TLSInfo`): they tie only beside an endpoint. */
function proseNames(text: string): string[] {
  const words = text
    .replace(/`[^`]*`|https?:\/\/\S+/g, ' ')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length >= 2);
  const single = words.filter((w) => w.length >= 4 && !PROSE.has(w.toLowerCase()));
  const pairs = words
    .slice(1)
    .map((w, i) => `${words[i]}${w[0].toUpperCase()}${w.slice(1)}`)
    .filter((_, i) => !PROSE.has(words[i].toLowerCase()) && !PROSE.has(words[i + 1].toLowerCase()));
  return [...new Set([...single, ...pairs])];
}

/** Cues that a note describes behaviour the spec cannot show, strongest first. */
const BEHAVIOUR = [
  [/not versioned|unversioned|affects all API versions/i, 'the log says the change is unversioned'],
  [/\bevents?\b|\bfilter(s|ing)?\b|header|content-type|websocket|frame/i, 'about events, filter values, headers or the wire format'],
  [/status code|returns? (a )?[1-5]\d\d|error|fail/i, 'about status codes or errors, which the specs describe loosely'],
] as const;
const WEAK_BEHAVIOUR = [
  [/no longer (uses|used)|is ignored|ignored|deprecated|removed in a future/i, 'a deprecation or a value the daemon now ignores'],
  [/default|now (correctly|properly)|validat|concurrent|omit|only if|when set/i, 'about defaults, validation or when fields are set'],
] as const;

/** `This field was added in API v1.44, but was previously ignored`: the field is older than the note. */
const OLDER_FIELD = /\b(was|were) added in (API )?v?\d+\.\d+|\bpreviously ignored\b/i;

/** Cues that a note describes something the spec could show: a new field, parameter or endpoint. */
const SPEC_VISIBLE = /\b(now (returns?|takes?|accepts?|includes?|has|contains)|(is|as) a new endpoint|new (field|parameter)|added)\b/i;

/**
 * The change log speaks of upstream's changes only: `diff` compares the unpatched documents; what our own patches
 * changed (`fromPatches`) is set apart, never matched. `spec` describes the newer version, to tell a wrong method in the log from an endpoint the spec lacks and to
 * follow an endpoint into the definitions it reaches; `later` is the next diff, for notes early by a version.
 */
export function reconcile(diff: ApiDiff, notes: Note[], spec: SpecView, later?: ApiDiff, fromPatches: Change[] = []): Reconciliation {
  const tied = new Map<number, { change: Change; tiedBy: string[] }[]>();
  const caveats = new Map<number, string[]>();
  const used = new Set<number>();
  const changeEndpoints = diff.changes.map(endpointOf);
  const specNames = new Set(diff.changes.flatMap((c) => c.names));
  const addedDefinitions = new Map(
    diff.changes.flatMap((c, i) => (c.kind === 'definition-added' ? [[c.subject.replace(/^definition /, ''), i] as const] : [])),
  );
  // Each new enum value, with where its field sits (`definition Mount|`): a sibling field named after it comes with it.
  const parentOf = (c: Change) => `${c.subject}|${c.location.replace(/\.[^.]*$/, '')}`;
  const newValues = new Map<string, Set<string>>();
  for (const c of diff.changes.filter((c) => c.kind === 'enum-added')) {
    for (const v of c.values ?? []) newValues.set(v, (newValues.get(v) ?? new Set()).add(parentOf(c)));
  }
  const namedAfter = (change: Change, v: string) =>
    newValues.get(v)!.has(parentOf(change)) && change.names.some((n) => n.length > v.length && n.toLowerCase().startsWith(v.toLowerCase()));
  for (const original of notes) {
    // The log sometimes names an inspect endpoint without its `/json` (`GET /plugins/(plugin name)`).
    const inspect = (e: Note['endpoints'][number]) =>
      !spec.endpoints.has(`${e.method} ${e.path}`) && spec.endpoints.has(`${e.method} ${e.path}/json`);
    const note = { ...original, endpoints: original.endpoints.map((e) => (inspect(e) ? { ...e, path: `${e.path}/json` } : e)) };
    // A name the spec has exactly ties only exactly; others tie loosely (case, plural segments).
    // A dotted name (`ContainerSpec.Configs`) is context for its last part, which ties only exactly.
    // A media type (`application/vnd.docker.multiplexed-stream`) is one name, dots and all.
    const lastPart = (n: string) => (n.includes('/') ? n : n.split('.').pop()!);
    const written = note.names.map(lastPart);
    const strong = written.filter((n) => !GENERIC.has(n.toLowerCase()));
    const exact = new Set(written.filter((n) => specNames.has(n)));
    const loose = new Map(note.names.filter((n) => !n.includes('.') && !n.includes('/') && !exact.has(n)).map((n) => [nameKey(n), n]));
    // Prose words, and the parts of dotted names (`Platform.Name`), tie only beside the note's endpoints.
    const prose = new Map(
      [...proseNames(note.text), ...note.names.filter((n) => !n.includes('/')).flatMap((n) => n.split('.').slice(0, -1))].map((n) => [
        nameKey(n),
        n,
      ]),
    );
    // A name written as a value (`a `rollback` value`) ties only enum changes; so does a generic one away from its endpoint.
    const values = new Set([...note.text.matchAll(/`([^`\s]+)` values?\b/g)].map((m) => m[1]));
    const unversioned = BEHAVIOUR[0][0].test(note.text) || /\bheaders?\b/i.test(note.text);
    const strongKeys = new Set(strong.map(nameKey));
    const context = contextNames(note.text);
    const proseWords = new Set(proseNames(note.text).map((w) => w.toLowerCase()));
    const abbreviated = (n: string) => [...loose.values()].find((w) => abbreviates(w, n));
    const tiesName = (n: string) =>
      exact.has(n) ||
      (loose.has(nameKey(n)) && !exact.has(loose.get(nameKey(n))!)) ||
      (!specNames.has(abbreviated(n) ?? '') && Boolean(abbreviated(n)));
    const known = note.endpoints.filter((e) => spec.endpoints.has(`${e.method} ${e.path}`));
    const reached = new Set(
      note.endpoints.flatMap((e) => {
        // A wrong method in the log: the endpoints at that path stand in.
        const at = known.includes(e) ? [e.method] : HTTP_METHODS.map((m) => m.toUpperCase());
        return at.flatMap((m) => [...spec.definitionsOf(`${m} ${e.path}`)]);
      }),
    );
    const candidates = diff.changes.map((change, i) => {
      const endpoint = changeEndpoints[i];
      const definition = endpoint ? undefined : change.subject.replace(/^definition /, '');
      // The path alone matches only where the log's method is wrong (no such endpoint in the spec).
      const samePath =
        endpoint &&
        (note.endpoints.find((e) => e.path === endpoint.path && e.method === endpoint.method) ??
          note.endpoints.find((e) => e.path === endpoint.path && !spec.endpoints.has(`${e.method} ${e.path}`)));
      const nearby = Boolean(samePath || (definition && reached.has(definition)));
      const isEnum = /^enum-/.test(change.kind);
      const byName = change.names.filter(tiesName).filter((n) => {
        const asWritten = exact.has(n) ? n : (loose.get(nameKey(n)) ?? abbreviated(n)!);
        if (values.has(asWritten)) return isEnum;
        return samePath || !isEnum || !GENERIC.has(n.toLowerCase());
      });
      // `CA configuration` ~ `CAConfig`: a spec name that starts the words, at some length.
      const inProse = (n: string) =>
        prose.has(nameKey(n)) || (nameKey(n).length >= 6 && [...prose.keys()].some((k) => k.startsWith(nameKey(n))));
      const byProse = nearby && !byName.length && !isEnum ? change.names.filter(inProse) : [];
      // A new enum value written in prose ("exposing SCTP ports" for `sctp`), beside the note's endpoints only.
      const byProseValue = nearby && !byName.length ? (change.values ?? []).filter((v) => proseWords.has(v.toLowerCase())) : [];
      // An enum value the note writes (`Mount` of type `image`) ties the values' change, beside the note's endpoints only.
      // So does a field named after it that comes with it (`ImageOptions` beside the `image` mount type).
      const valueWritten = note.names.filter((v) => newValues.has(v));
      const byValue =
        !nearby || byName.length
          ? []
          : [
              ...(change.values ?? []).filter((v) => valueWritten.includes(v)),
              ...(change.kind === 'property-added' ? valueWritten.filter((v) => namedAfter(change, v)) : []),
            ];
      const tiedBy: string[] = [];
      if (samePath) tiedBy.push(`endpoint ${endpoint.method} ${samePath.written}`);
      else if (nearby) {
        tiedBy.push(`definition ${definition} reached from ${note.endpoints.map((e) => `${e.method} ${e.written}`).join(', ')}`);
      }
      tiedBy.push(
        ...byName.map((n) => `name \`${n}\``),
        ...byProse.map((n) => `the words "${prose.get(nameKey(n)) ?? n}"`),
        ...byValue.map((v) => `value \`${v}\``),
        ...byProseValue.map((v) => `the word "${v}"`),
      );
      const named = byName.length + byProse.length + byValue.length + byProseValue.length > 0;
      const strongName = byName.some((n) => strongKeys.has(nameKey(n)));
      // Beside an endpoint the note names, any name ties (an endpoint alone: operation-level changes). A note that
      // names no endpoint of the spec ties by a distinctive backticked name alone.
      // An endpoint alone does not tie a note about headers or unversioned behaviour.
      // An operation added or removed is in the spec even when the note calls the change unversioned (`HEAD /_ping`, 1.40).
      const operationLevel = /^operation-(added|removed)/.test(change.kind) || (/^operation-/.test(change.kind) && !unversioned);
      const near = (samePath && (named || operationLevel)) || (nearby && named);
      // Far from any endpoint, only a field's arrival or departure is the note's: `became-*` changes need the endpoint.
      const far = !near && strongName && known.length === 0 && !/^became-|^type-changed/.test(change.kind);
      const asWritten = (n: string) => (exact.has(n) ? n : (loose.get(nameKey(n)) ?? abbreviated(n)));
      // Tied only by names the note writes as context: dropped where its subject's names tie something.
      // A new definition is the type its subject has (`an array of `DeviceInfo` objects`), never context.
      const byContext =
        change.kind !== 'definition-added' &&
        byName.length > 0 &&
        byName.every((n) => context.has(asWritten(n)!)) &&
        !byProse.length &&
        !byValue.length;
      return {
        i,
        change,
        tiedBy,
        near,
        far,
        byName,
        byProse: byProse.length + byProseValue.length > 0,
        byContext: byContext && !operationLevel,
      };
    });
    // A note whose endpoints reach its changes is not also tied to look-alike names elsewhere.
    // A prose word ties only where the note's backticked names tie nothing: beside them it is context (`rollback options`).
    const byBackticks = candidates.some((c) => c.near && c.byName.length && !c.byContext);
    // In a note about unversioned behaviour, an endpoint alone ties only when its names tie nothing (the 1.40 header note names `HEAD /_ping`).
    const byEndpointOnly = (c: (typeof candidates)[number]) => !c.byName.length && !c.byProse && unversioned;
    const nearFound = candidates.filter((c) => c.near && !(byBackticks && c.byProse) && !(byBackticks && byEndpointOnly(c)));
    const tiedAtAll = nearFound.length ? nearFound : candidates.filter((c) => c.far);
    const bySubject = tiedAtAll.some((c) => !c.byContext);
    const found = tiedAtAll.filter((c) => !(bySubject && c.byContext));
    const notes_caveats: string[] = original.endpoints
      .filter(inspect)
      .map((e) => `the log writes ${e.method} ${e.written}, the spec has ${e.method} ${e.path}/json`);
    // A definition added as the type of a change the note describes is part of it (`Status` -> `NetworkStatus`, 1.52).
    const newTypesOf = (changes: { change: Change }[]) => {
      const have = new Set(changes.map((c) => c.change));
      const types: { change: Change; tiedBy: string[] }[] = [];
      for (const { change } of changes) {
        for (const name of spec.definitionsAt?.(change.subject, change.location) ?? []) {
          const i = addedDefinitions.get(name);
          if (i === undefined || have.has(diff.changes[i])) continue;
          have.add(diff.changes[i]);
          used.add(i);
          const tiedBy = change.location ? `the type of ${change.subject} ${change.location}` : `reached from ${change.subject}`;
          types.push({ change: diff.changes[i], tiedBy: [tiedBy] });
        }
      }
      return types;
    };
    for (const { i, byName } of found) {
      used.add(i);
      for (const n of byName.filter((name) => !exact.has(name))) {
        const asWritten = loose.get(nameKey(n)) ?? abbreviated(n)!;
        if (asWritten.toLowerCase() !== n.toLowerCase()) notes_caveats.push(`the log writes \`${asWritten}\`, the spec has \`${n}\``);
      }
    }
    for (const e of note.endpoints) {
      if (/[^/]\{|[^/]\(/.test(e.written)) notes_caveats.push(`the log writes ${e.written} (a slash is missing)`);
      if (!spec.endpoints.has(`${e.method} ${e.path}`)) {
        const actual = HTTP_METHODS.map((m) => m.toUpperCase()).filter((m) => spec.endpoints.has(`${m} ${e.path}`));
        if (actual.length) notes_caveats.push(`the log says ${e.method} ${e.written}, the spec has ${actual.join('/')} ${e.written}`);
      }
    }
    if (!found.length && later) {
      // The log sometimes lists a change a version before the spec shows it.
      const next = later.changes.filter((c) => {
        const ep = endpointOf(c);
        return ep && note.endpoints.some((e) => e.path === ep.path && e.method === ep.method) && /^operation-added/.test(c.kind);
      });
      if (next.length) notes_caveats.push(`the spec has ${next.map((c) => c.subject).join(', ')} only from v${later.to}`);
    }
    if (found.length) tied.set(note.index, [...found.map(({ change, tiedBy }) => ({ change, tiedBy })), ...newTypesOf(found)]);
    if (notes_caveats.length) caveats.set(note.index, [...new Set(notes_caveats)]);
  }
  const documented = notes
    .filter((n) => tied.has(n.index))
    .map((note) => ({
      note,
      changes: tied.get(note.index)!,
      caveats: caveats.get(note.index) ?? [],
    }));
  const unmatched = notes
    .filter((n) => !tied.has(n.index))
    .map((note) => ({ note, reason: reasonFor(note, diff.from, caveats.get(note.index)) }));
  return {
    from: diff.from,
    to: diff.to,
    notes,
    documented,
    undocumented: diff.changes.filter((_, i) => !used.has(i)),
    unmatched,
    fromPatches,
  };
}

/** The class of a note no change answers, with the log's mistakes after it; a change the spec shows only later decides it. */
function reasonFor(note: Note, from: string, caveats: string[] = []): string {
  if (caveats.some((c) => c.includes(' only from v'))) return `not in the spec: ${caveats.join('; ')}`;
  const reason = classify(note, from);
  return caveats.length ? `${reason}; log mistake: ${caveats.join('; ')}` : reason;
}

function classify(note: Note, from: string): string {
  // `GET /plugins` list plugins.: a note that only announces an endpoint the older version has already.
  const rest = note.endpoints.reduce((text, e) => text.split(e.written).join(' '), note.text);
  const words = rest
    .replace(new RegExp(`\\b(${METHOD_PATTERN})\\b|[\`?]\\S*`, 'gi'), ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (note.endpoints.length && !note.names.length && words.length <= 4) {
    return `not in the spec: v${from} has ${note.endpoints.map((e) => `${e.method} ${e.written}`).join(', ')} already`;
  }
  for (const [cue, reason] of BEHAVIOUR) if (cue.test(note.text)) return `behaviour-only: ${reason}`;
  if (OLDER_FIELD.test(note.text)) return 'behaviour-only: about what the daemon does with a field an earlier version added';
  if (SPEC_VISIBLE.test(note.text) && note.names.some((n) => !GENERIC.has(n.toLowerCase()))) {
    return 'not in the spec: the note names a new field, parameter or endpoint the spec does not show as changed';
  }
  for (const [cue, reason] of WEAK_BEHAVIOUR) if (cue.test(note.text)) return `behaviour-only: ${reason}`;
  if (!note.endpoints.length && !note.names.length) return 'behaviour-only: names no endpoint or field';
  return 'behaviour-only: names fields the spec already has, and says nothing new about their shape';
}
