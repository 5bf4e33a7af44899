// Matches the change log's notes for a version to the structural changes from the version before:
// what the log documents, what changed without a note, and notes with no visible spec change.
// Every match says which words tied it; known kinds of log mistakes are reported as such.
import type { ApiDiff, Change } from './diff.js';
import type { Endpoint, Note } from '../document/changelog.js';
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

const contextNames = (text: string): Set<string> =>
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
  const view = viewOf(diff);
  const used = new Set<number>();
  const documented: Reconciliation['documented'] = [];
  const unmatched: Reconciliation['unmatched'] = [];
  for (const note of notes) {
    const { ties, caveats } = reconcileNote(note, view, spec, later);
    for (const { i } of ties) used.add(i);
    if (ties.length) documented.push({ note, changes: ties.map(({ change, tiedBy }) => ({ change, tiedBy })), caveats });
    else unmatched.push({ note, reason: reasonFor(note, diff.from, caveats) });
  }
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

/** A change tied to a note, by its place in the diff, with the words that tie it. */
interface Tie {
  i: number;
  change: Change;
  tiedBy: string[];
}

/** One note's ties among the diff's changes, and the log's mistakes in the note. */
function reconcileNote(original: Note, view: DiffView, spec: SpecView, later?: ApiDiff): { ties: Tie[]; caveats: string[] } {
  const reading = readNote(original, view, spec);
  const candidates = view.changes.map((_, i) => candidateOf(reading, view, spec, i));
  const found = chooseTies(candidates, reading.unversioned);
  return { ties: [...found, ...newTypesOf(found, view, spec)], caveats: caveatsOf(original, reading, spec, found, later) };
}

const METHODS = HTTP_METHODS.map((m) => m.toUpperCase());

const inSpec = (spec: SpecView, e: Endpoint) => spec.endpoints.has(`${e.method} ${e.path}`);

// The log sometimes names an inspect endpoint without its `/json` (`GET /plugins/(plugin name)`).
const lacksJson = (spec: SpecView, e: Endpoint) => !inSpec(spec, e) && spec.endpoints.has(`${e.method} ${e.path}/json`);

/** What the whole diff offers every note, computed once. */
interface DiffView {
  changes: Change[];
  /** Each change's endpoint, where its subject is one (`POST /containers/create`). */
  endpoints: ReturnType<typeof endpointOf>[];
  /** Every name the changes involve. */
  names: Set<string>;
  /** Each definition added, with its change's place in the diff. */
  addedDefinitions: Map<string, number>;
  /** Each new enum value, with where its field sits (`definition Mount|`). */
  newValues: Map<string, Set<string>>;
}

function viewOf(diff: ApiDiff): DiffView {
  const newValues = new Map<string, Set<string>>();
  for (const c of diff.changes.filter((c) => c.kind === 'enum-added')) {
    for (const v of c.values ?? []) newValues.set(v, (newValues.get(v) ?? new Set()).add(parentOf(c)));
  }
  return {
    changes: diff.changes,
    endpoints: diff.changes.map(endpointOf),
    names: new Set(diff.changes.flatMap((c) => c.names)),
    addedDefinitions: new Map(
      diff.changes.flatMap((c, i) => (c.kind === 'definition-added' ? [[c.subject.replace(/^definition /, ''), i] as const] : [])),
    ),
    newValues,
  };
}

// Each new enum value, with where its field sits (`definition Mount|`): a sibling field named after it comes with it.
const parentOf = (c: Change) => `${c.subject}|${c.location.replace(/\.[^.]*$/, '')}`;

const namedAfter = (view: DiffView, change: Change, v: string) =>
  view.newValues.get(v)!.has(parentOf(change)) &&
  change.names.some((n) => n.length > v.length && n.toLowerCase().startsWith(v.toLowerCase()));

/** What one note says, read once: its endpoints as the spec has them, and the words that may tie it. */
interface NoteReading {
  /** The note, an inspect endpoint written without its `/json` given it. */
  note: Note;
  /** Backticked names the spec has exactly. */
  exact: Set<string>;
  /** The other backticked names, by `nameKey`. */
  loose: Map<string, string>;
  /** Prose words and the parts of dotted names, by `nameKey`. */
  prose: Map<string, string>;
  /** The prose words, in lower case. */
  proseWords: Set<string>;
  /** Names written as a value (`a `rollback` value`). */
  values: Set<string>;
  /** Names written as context (`on services with mode `ReplicatedJob``). */
  context: Set<string>;
  /** The `nameKey`s of the backticked names that are not generic. */
  strongKeys: Set<string>;
  /** The new enum values the note writes (`image`). */
  valuesWritten: string[];
  /** The note's endpoints the spec has. */
  known: Endpoint[];
  /** The definitions the note's endpoints reach. */
  reached: Set<string>;
  /** The log calls the change unversioned, or speaks of headers. */
  unversioned: boolean;
}

function readNote(original: Note, view: DiffView, spec: SpecView): NoteReading {
  const note = { ...original, endpoints: original.endpoints.map((e) => (lacksJson(spec, e) ? { ...e, path: `${e.path}/json` } : e)) };
  // A name the spec has exactly ties only exactly; others tie loosely (case, plural segments).
  // A dotted name (`ContainerSpec.Configs`) is context for its last part, which ties only exactly.
  // A media type (`application/vnd.docker.multiplexed-stream`) is one name, dots and all.
  const lastPart = (n: string) => (n.includes('/') ? n : n.split('.').pop()!);
  const written = note.names.map(lastPart);
  const exact = new Set(written.filter((n) => view.names.has(n)));
  const words = proseNames(note.text);
  return {
    note,
    exact,
    loose: new Map(note.names.filter((n) => !n.includes('.') && !n.includes('/') && !exact.has(n)).map((n) => [nameKey(n), n])),
    // Prose words, and the parts of dotted names (`Platform.Name`), tie only beside the note's endpoints.
    prose: new Map(
      [...words, ...note.names.filter((n) => !n.includes('/')).flatMap((n) => n.split('.').slice(0, -1))].map((n) => [nameKey(n), n]),
    ),
    proseWords: new Set(words.map((w) => w.toLowerCase())),
    values: new Set([...note.text.matchAll(/`([^`\s]+)` values?\b/g)].map((m) => m[1])),
    context: contextNames(note.text),
    strongKeys: new Set(written.filter((n) => !GENERIC.has(n.toLowerCase())).map(nameKey)),
    valuesWritten: note.names.filter((v) => view.newValues.has(v)),
    known: note.endpoints.filter((e) => inSpec(spec, e)),
    reached: new Set(
      note.endpoints.flatMap((e) => {
        // A wrong method in the log: the endpoints at that path stand in.
        const at = inSpec(spec, e) ? [e.method] : METHODS;
        return at.flatMap((m) => [...spec.definitionsOf(`${m} ${e.path}`)]);
      }),
    ),
    unversioned: BEHAVIOUR[0][0].test(note.text) || /\bheaders?\b/i.test(note.text),
  };
}

/** The loose name the note writes that abbreviates a spec name. */
const abbreviation = (reading: NoteReading, n: string) => [...reading.loose.values()].find((w) => abbreviates(w, n));

/** Whether the note writes a spec name: exactly, loosely (unless the loose name is itself exact), or abbreviated. */
function writes(reading: NoteReading, view: DiffView, n: string): boolean {
  const loose = reading.loose.get(nameKey(n));
  if (reading.exact.has(n) || (loose !== undefined && !reading.exact.has(loose))) return true;
  const short = abbreviation(reading, n);
  return Boolean(short) && !view.names.has(short!);
}

/** A spec name the note writes (`writes`), as the note writes it. */
const asWritten = (reading: NoteReading, n: string): string =>
  reading.exact.has(n) ? n : (reading.loose.get(nameKey(n)) ?? abbreviation(reading, n)!);

// `CA configuration` ~ `CAConfig`: a spec name that starts the words, at some length.
const inProse = (reading: NoteReading, n: string) =>
  reading.prose.has(nameKey(n)) || (nameKey(n).length >= 6 && [...reading.prose.keys()].some((k) => k.startsWith(nameKey(n))));

/** How one change ties to the note. */
interface Candidate extends Tie {
  /** Tied beside the note's endpoints. */
  near: boolean;
  /** Tied far from any endpoint, by a distinctive backticked name. */
  far: boolean;
  /** The change's names the note writes in backticks. */
  byName: string[];
  /** Tied by prose: words, or enum values written as words. */
  byProse: boolean;
  /** Tied only by names the note writes as context. */
  byContext: boolean;
}

function candidateOf(reading: NoteReading, view: DiffView, spec: SpecView, i: number): Candidate {
  const change = view.changes[i];
  const place = placeOf(reading, spec, change, view.endpoints[i]);
  const { byName, byProse, byProseValue, byValue } = wordTies(reading, view, change, place);
  const named = byName.length + byProse.length + byValue.length + byProseValue.length > 0;
  const strongName = byName.some((n) => reading.strongKeys.has(nameKey(n)));
  // An endpoint alone does not tie a note about headers or unversioned behaviour.
  // An operation added or removed is in the spec even when the note calls the change unversioned (`HEAD /_ping`, 1.40).
  const operationLevel = /^operation-(added|removed)/.test(change.kind) || (/^operation-/.test(change.kind) && !reading.unversioned);
  // Beside an endpoint the note names, any name ties (an endpoint alone: operation-level changes). A note that
  // names no endpoint of the spec ties by a distinctive backticked name alone.
  const near = Boolean((place.samePath && (named || operationLevel)) || (place.nearby && named));
  // Far from any endpoint, only a field's arrival or departure is the note's: `became-*` changes need the endpoint.
  const far = !near && strongName && reading.known.length === 0 && !/^became-|^type-changed/.test(change.kind);
  // Tied only by names the note writes as context: dropped where its subject's names tie something.
  // A new definition is the type its subject has (`an array of `DeviceInfo` objects`), never context.
  const byContext =
    change.kind !== 'definition-added' &&
    byName.length > 0 &&
    byName.every((n) => reading.context.has(asWritten(reading, n))) &&
    !byProse.length &&
    !byValue.length;
  const tiedBy = [
    ...(place.where ? [place.where] : []),
    ...byName.map((n) => `name \`${n}\``),
    ...byProse.map((n) => `the words "${reading.prose.get(nameKey(n)) ?? n}"`),
    ...byValue.map((v) => `value \`${v}\``),
    ...byProseValue.map((v) => `the word "${v}"`),
  ];
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
}

/** Where a change stands to the note: at an endpoint it names, or in a definition they reach; `where` says which. */
interface Place {
  samePath: Endpoint | undefined;
  nearby: boolean;
  where?: string;
}

function placeOf(reading: NoteReading, spec: SpecView, change: Change, endpoint: DiffView['endpoints'][number]): Place {
  const { endpoints } = reading.note;
  const definition = endpoint ? undefined : change.subject.replace(/^definition /, '');
  // The path alone matches only where the log's method is wrong (no such endpoint in the spec).
  const samePath =
    endpoint &&
    (endpoints.find((e) => e.path === endpoint.path && e.method === endpoint.method) ??
      endpoints.find((e) => e.path === endpoint.path && !inSpec(spec, e)));
  if (samePath) return { samePath, nearby: true, where: `endpoint ${endpoint.method} ${samePath.written}` };
  if (!definition || !reading.reached.has(definition)) return { samePath, nearby: false };
  const from = endpoints.map((e) => `${e.method} ${e.written}`).join(', ');
  return { samePath, nearby: true, where: `definition ${definition} reached from ${from}` };
}

/**
 * The note's words that name one change: a backticked name anywhere; prose words and the enum values the note
 * writes only beside its endpoints, and only where no backticked name ties.
 */
function wordTies(reading: NoteReading, view: DiffView, change: Change, place: Place) {
  const isEnum = /^enum-/.test(change.kind);
  // A name written as a value (`a `rollback` value`) ties only enum changes; so does a generic one away from its endpoint.
  const byName = change.names
    .filter((n) => writes(reading, view, n))
    .filter((n) => (reading.values.has(asWritten(reading, n)) ? isEnum : place.samePath || !isEnum || !GENERIC.has(n.toLowerCase())));
  const beside = place.nearby && !byName.length;
  const values = change.values ?? [];
  return {
    byName,
    byProse: beside && !isEnum ? change.names.filter((n) => inProse(reading, n)) : [],
    // A new enum value written in prose ("exposing SCTP ports" for `sctp`), beside the note's endpoints only.
    byProseValue: beside ? values.filter((v) => reading.proseWords.has(v.toLowerCase())) : [],
    // An enum value the note writes (`Mount` of type `image`) ties the values' change, beside the note's endpoints only.
    // So does a field named after it that comes with it (`ImageOptions` beside the `image` mount type).
    byValue: beside
      ? [
          ...values.filter((v) => reading.valuesWritten.includes(v)),
          ...(change.kind === 'property-added' ? reading.valuesWritten.filter((v) => namedAfter(view, change, v)) : []),
        ]
      : [],
  };
}

/** The candidates that tie the note: backticks over prose, near over far, subject over context. */
function chooseTies(candidates: Candidate[], unversioned: boolean): Candidate[] {
  // A prose word ties only where the note's backticked names tie nothing: beside them it is context (`rollback options`).
  const byBackticks = candidates.some((c) => c.near && c.byName.length && !c.byContext);
  // In a note about unversioned behaviour, an endpoint alone ties only when its names tie nothing (the 1.40 header note names `HEAD /_ping`).
  const byEndpointOnly = (c: Candidate) => !c.byName.length && !c.byProse && unversioned;
  const near = candidates.filter((c) => c.near && !(byBackticks && c.byProse) && !(byBackticks && byEndpointOnly(c)));
  // A note whose endpoints reach its changes is not also tied to look-alike names elsewhere.
  const tied = near.length ? near : candidates.filter((c) => c.far);
  const bySubject = tied.some((c) => !c.byContext);
  return tied.filter((c) => !(bySubject && c.byContext));
}

/** A definition added as the type of a change the note describes is part of it (`Status` -> `NetworkStatus`, 1.52). */
function newTypesOf(found: Tie[], view: DiffView, spec: SpecView): Tie[] {
  const have = new Set(found.map((c) => c.change));
  const types: Tie[] = [];
  for (const { change } of found) {
    for (const name of spec.definitionsAt?.(change.subject, change.location) ?? []) {
      const i = view.addedDefinitions.get(name);
      if (i === undefined || have.has(view.changes[i])) continue;
      have.add(view.changes[i]);
      const tiedBy = change.location ? `the type of ${change.subject} ${change.location}` : `reached from ${change.subject}`;
      types.push({ i, change: view.changes[i], tiedBy: [tiedBy] });
    }
  }
  return types;
}

/** The log's mistakes in one note, each once: endpoints and names written otherwise than the spec has them, a change early. */
function caveatsOf(original: Note, reading: NoteReading, spec: SpecView, found: Candidate[], later?: ApiDiff): string[] {
  const caveats = [
    ...original.endpoints
      .filter((e) => lacksJson(spec, e))
      .map((e) => `the log writes ${e.method} ${e.written}, the spec has ${e.method} ${e.path}/json`),
    ...found.flatMap(({ byName }) => nameMistakes(reading, byName)),
    ...reading.note.endpoints.flatMap((e) => endpointMistakes(spec, e)),
    ...(found.length ? [] : shownOnlyLater(reading.note, later)),
  ];
  return [...new Set(caveats)];
}

/** The tying names the note writes otherwise than the spec, not only in case. */
const nameMistakes = (reading: NoteReading, byName: string[]) =>
  byName
    .filter((n) => !reading.exact.has(n))
    .flatMap((n) => {
      const written = asWritten(reading, n);
      return written.toLowerCase() === n.toLowerCase() ? [] : [`the log writes \`${written}\`, the spec has \`${n}\``];
    });

/** An endpoint the log writes with a slash missing, or with a method the spec has not at that path. */
function endpointMistakes(spec: SpecView, e: Endpoint): string[] {
  const caveats: string[] = [];
  if (/[^/]\{|[^/]\(/.test(e.written)) caveats.push(`the log writes ${e.written} (a slash is missing)`);
  const actual = inSpec(spec, e) ? [] : METHODS.filter((m) => spec.endpoints.has(`${m} ${e.path}`));
  if (actual.length) caveats.push(`the log says ${e.method} ${e.written}, the spec has ${actual.join('/')} ${e.written}`);
  return caveats;
}

/** The log sometimes lists a change a version before the spec shows it. */
function shownOnlyLater(note: Note, later?: ApiDiff): string[] {
  if (!later) return [];
  const next = later.changes.filter((c) => {
    const ep = endpointOf(c);
    return ep && note.endpoints.some((e) => e.path === ep.path && e.method === ep.method) && /^operation-added/.test(c.kind);
  });
  return next.length ? [`the spec has ${next.map((c) => c.subject).join(', ')} only from v${later.to}`] : [];
}

/** The class of a note no change answers, with the log's mistakes after it; a change the spec shows only later decides it. */
function reasonFor(note: Note, from: string, caveats: string[]): string {
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
