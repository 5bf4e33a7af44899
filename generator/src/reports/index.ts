// generated/reports/: a diff per consecutive pair of versions, the compatibility matrix, and the index
// page that diffs any two versions (./site.ts).
import { diffApis } from './diff.js';
import { markPatchOrigins } from './patch-origin.js';
import { patchedAs } from './diff-data.js';
import type { SpecPatch } from '../document/patches.js';
import { buildMatrix } from './matrix.js';
import { enginesMarkdown } from './engines.js';
import { diffHtml, diffMarkdown, diffName, matrixHtml, matrixMarkdown, reconciliationMarkdown, reconciliationSummary } from './render.js';
import { normalizePath, parseChangelog } from '../document/changelog.js';
import { reconcile, type Reconciliation, type SpecView } from './reconcile.js';
import type { ApiModel } from '../stages/index.js';
import { flatten, refName } from '../document/walk.js';
import type { EngineRelease } from '../document/sources.js';
import type { EndpointHistory } from '../facts/history.js';
import { compareVersions } from '../versions.js';
import { siteData, siteFiles } from './site.js';
import { driftHtml, driftJson, driftMarkdown } from './drift.js';
import type { DriftEntry } from '../drift/policy.js';

/** The names of the definitions a value refers to, and theirs in turn. */
function definitionsReached(model: ApiModel, value: unknown, into = new Set<string>()): Set<string> {
  if (!value || typeof value !== 'object') return into;
  const name = refName(value as Record<string, unknown>);
  if (name) {
    if (into.has(name)) return into;
    into.add(name);
    return definitionsReached(model, model.components?.schemas?.[name], into);
  }
  for (const child of Object.values(value)) definitionsReached(model, child, into);
  return into;
}

/** The schema at a change's place: `definition Mount` `.BindOptions`, `GET /networks/{id}` `response 200.Status`. */
function schemaAt(model: ApiModel, subject: string, location: string): Record<string, any> | undefined {
  const doc = { components: model.components };
  let schema: Record<string, any> | undefined;
  let rest = location;
  if (subject.startsWith('definition ')) schema = model.components?.schemas?.[subject.slice('definition '.length)];
  else {
    const [method, at] = subject.split(' ');
    const op = model.operations.find((o) => o.method === method && o.path === at)?.op;
    const place = /^(request|response (\w+))(\..*)?$/.exec(location);
    if (!op || !place) return undefined;
    const body = place[2] ? op.responses?.[place[2]] : op.requestBody;
    schema = Object.values<Record<string, any>>(body?.content ?? {})[0]?.schema;
    rest = place[3] ?? '';
  }
  for (const segment of rest.split('.').filter(Boolean)) {
    const [, name, suffixes] = /^(.*?)((?:\[\]|\{\})*)$/.exec(segment)!;
    if (name) schema = flatten(doc, schema).properties?.[name];
    for (const suffix of suffixes.match(/\[\]|\{\}/g) ?? []) {
      const flat = flatten(doc, schema);
      const inner = suffix === '[]' ? flat.items : flat.additionalProperties;
      schema = typeof inner === 'object' ? inner : undefined;
    }
  }
  return schema;
}

/** operationId -> the definition its JSON-lines items follow (specs/operations.json `item`). */
export const streamItemsOf = (facts: Record<string, { item?: string }>): Record<string, string> =>
  Object.fromEntries(Object.entries(facts).flatMap(([id, f]) => (f.item ? [[id, f.item]] : [])));

/**
 * `streamItems` (operationId -> definition, from specs/operations.json): what a JSON-lines answer's items follow,
 * which Swagger 2 cannot say; the endpoint reaches it too (`POST /images/create`: `CreateImageInfo`).
 */
export function specView(model: ApiModel, streamItems: Record<string, string> = {}): SpecView {
  const byEndpoint = new Map<string, object[]>();
  for (const o of model.operations) {
    const key = `${o.method} ${normalizePath(o.path)}`;
    const item = streamItems[o.id] ? [{ $ref: `#/components/schemas/${streamItems[o.id]}` }] : [];
    byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), o.op, ...item]);
  }
  const cache = new Map<string, Set<string>>();
  return {
    endpoints: new Set(byEndpoint.keys()),
    definitionsOf(endpoint) {
      if (!cache.has(endpoint)) cache.set(endpoint, definitionsReached(model, byEndpoint.get(endpoint) ?? []));
      return cache.get(endpoint)!;
    },
    definitionsAt: (subject, location) => definitionsReached(model, schemaAt(model, subject, location)),
  };
}

const reconciliationJson = (r: Reconciliation) => ({
  from: r.from,
  to: r.to,
  notes: r.notes.map((n) => n.text),
  documented: r.documented.map((d) => ({
    note: d.note.text,
    changes: d.changes.map((c) => ({ kind: c.change.kind, subject: c.change.subject, location: c.change.location, tiedBy: c.tiedBy })),
    caveats: d.caveats,
  })),
  unmatched: r.unmatched.map((u) => ({ note: u.note.text, reason: u.reason })),
  undocumented: r.undocumented.length,
  fromPatches: r.fromPatches.map((c) => ({ patch: c.patch, kind: c.kind, subject: c.subject, location: c.location })),
});

export interface ReportInputs {
  /** Each version's API model, by version. */
  models: Map<string, ApiModel>;
  releases: EngineRelease[];
  /** The change log's text. */
  changelog: string;
  history: Record<string, EndpointHistory>;
  patches?: SpecPatch[];
  /** The drift findings with their explanations (../drift/policy.ts), when the versions carry drift. */
  drift?: DriftEntry[];
  /** The range packages' models, keyed like their packages (`1.41-v1.51`): for the matrix only. */
  rangeModels?: Map<string, ApiModel>;
  /** operationId -> definition (specs/operations.json): what a JSON-lines answer's items follow. */
  streamItems?: Record<string, string>;
}

export function buildReports({
  models,
  releases,
  changelog,
  history,
  patches = [],
  drift,
  rangeModels = new Map(),
  streamItems = {},
}: ReportInputs): Map<string, string> {
  const files = new Map<string, string>();
  const versions = [...models.keys()].sort(compareVersions);
  const pairs = versions.slice(1).map((to, i) => [versions[i], to] as [string, string]);
  const unpatched = (v: string) => models.get(v)!.unpatched ?? models.get(v)!;
  // Each pair twice: as patched (what the packages have), and unpatched (upstream's own change, which the log speaks of).
  const upstreamDiffs = pairs.map(([from, to]) => diffApis(from, unpatched(from), to, unpatched(to)));
  const diffs = pairs.map(([from, to], i) =>
    markPatchOrigins(diffApis(from, models.get(from)!, to, models.get(to)!), upstreamDiffs[i], patches, patchedAs),
  );
  for (const diff of diffs) {
    const name = diffName(diff.from, diff.to);
    files.set(`diffs/${name}.json`, `${JSON.stringify(diff, null, 1)}\n`);
    files.set(`diffs/${name}.md`, diffMarkdown(diff));
    files.set(`diffs/${name}.html`, diffHtml(diff));
  }
  const notes = parseChangelog(changelog);
  const reconciliations = diffs.map((diff, i) =>
    reconcile(
      upstreamDiffs[i],
      notes.get(diff.to) ?? [],
      specView(models.get(diff.to)!, streamItems),
      upstreamDiffs[i + 1],
      diff.changes.filter((c) => c.patch),
    ),
  );
  for (const r of reconciliations) files.set(`changelog/v${r.to}.md`, reconciliationMarkdown(r));
  files.set('reconciliation.md', reconciliationSummary(reconciliations));
  files.set('reconciliation.json', `${JSON.stringify(reconciliations.map(reconciliationJson), null, 1)}\n`);
  files.set('history.json', `${JSON.stringify(history, null, 1)}\n`);
  const matrix = buildMatrix(models, releases, history, rangeModels);
  files.set('matrix.json', `${JSON.stringify(matrix)}\n`);
  files.set('matrix.md', matrixMarkdown(matrix));
  files.set('matrix.html', matrixHtml(matrix));
  files.set('engines.md', enginesMarkdown(releases, versions));
  const hasDrift = drift !== undefined;
  if (drift) {
    files.set('drift.md', driftMarkdown(drift, versions));
    files.set('drift.html', driftHtml(drift, versions));
    files.set('drift.json', driftJson(drift, versions));
  }
  const reconstructed = versions
    .filter((v) => !notes.has(v) || v === versions[0])
    .slice(0, 1)
    .map((v) => `../v${v}/PROVENANCE.md`);
  const others = [
    'engines.md',
    ...(hasDrift ? ['drift.html', 'drift.md', 'drift.json'] : []),
    'matrix.html',
    'matrix.md',
    'matrix.json',
    'reconciliation.md',
    'reconciliation.json',
    'history.json',
    ...reconstructed,
  ];
  for (const [name, text] of siteFiles(siteData(diffs, reconciliations, matrix), others)) files.set(name, text);
  return files;
}
