// From call sites to versions: what each call needs, the lowest API version and engine release that
// have all of it, the floor of the whole program, and what a target version lacks.
import { compareVersions } from '../versions.js';
import type { CallSite } from './analyze.js';
import { firstEngine, type Goal, type VersionKnowledge } from './knowledge.js';

export interface Need {
  /** `client package`: a range package, whose client refuses engines below its range. */
  kind: 'operation' | 'parameter' | 'body field' | 'response field' | 'client package';
  /** The operation method the need belongs to. */
  operation: string;
  name: string;
  since: string;
  /** Set on a target's lacks when the target's package no longer has the operation. */
  removed?: true;
}

export interface SiteVerdict {
  file: string;
  line: number;
  column: number;
  method: string;
  kind: 'operation' | 'helper';
  package: string;
  /** The newest API version the package's client speaks. */
  packageApi?: string;
  api: string;
  engine?: string;
  /** What sets `api`: the needs of exactly that version. */
  because: Need[];
  needs: Need[];
  params: Record<string, string[]>;
  body: Record<string, string[]>;
  reads: string[];
}

export interface Unknown {
  file: string;
  line: number;
  column: number;
  method: string;
}

export interface FileVerdict {
  file: string;
  api: string;
  engine?: string;
  sites: SiteVerdict[];
}

/** A package whose client the target engine refuses: it speaks only versions below the engine's lowest. */
export interface Refusal {
  package: string;
  /** The newest API version its client speaks. */
  speaks: string;
  sites: Unknown[];
  /** The packages whose clients the target accepts: the single versions (`@dockerapi/v1.44 ... @dockerapi/v1.52`), then ranges. */
  use: string[];
}

export interface Target extends Goal {
  lacking: { site: SiteVerdict; lacks: Need[] }[];
  refused: Refusal[];
}

export interface CheckReport {
  /** Lowest API version of the whole program; absent when it makes no call that can be told. */
  api?: string;
  engine?: string;
  /** The call sites that set the program's floor. */
  floor: SiteVerdict[];
  files: FileVerdict[];
  unknown: Unknown[];
  target?: Target;
}

const newest = (versions: string[]) => versions.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));

function needsOf(site: CallSite, knowledge: VersionKnowledge): Need[] {
  const needs: Need[] = [];
  for (const use of site.operations) {
    const facts = knowledge.operations.get(use.method);
    if (!facts) continue;
    needs.push({ kind: 'operation', operation: use.method, name: facts.id, since: facts.since });
    for (const name of use.params)
      needs.push({ kind: 'parameter', operation: use.method, name, since: facts.paramSince[name] ?? facts.since });
    for (const name of use.body)
      needs.push({ kind: 'body field', operation: use.method, name, since: facts.bodySince[name] ?? facts.since });
  }
  const answered = site.operations[0]?.method ?? site.method;
  const opSince = knowledge.operations.get(answered)?.since ?? knowledge.versions[0];
  for (const read of site.reads) needs.push({ kind: 'response field', operation: answered, name: read.path, since: read.since ?? opSince });
  if (site.packageFloor) needs.push({ kind: 'client package', operation: site.method, name: site.package!, since: site.packageFloor });
  return needs;
}

/** The needs that set `api`: the operations when they are that new (their fields then are too), else the fields. */
function reasons(needs: Need[], api: string): Need[] {
  const newest = needs.filter((n) => n.since === api);
  const operations = newest.filter((n) => n.kind === 'operation');
  return operations.length ? operations : newest;
}

function verdictOf(site: CallSite, knowledge: VersionKnowledge): SiteVerdict {
  const needs = needsOf(site, knowledge);
  const api = newest(needs.map((n) => n.since));
  const byOperation = (pick: 'params' | 'body') =>
    Object.fromEntries(site.operations.filter((u) => u[pick].length).map((u) => [u.method, u[pick]]));
  return {
    file: site.file,
    line: site.line,
    column: site.column,
    method: site.method,
    kind: site.kind as SiteVerdict['kind'],
    package: site.package!,
    packageApi: site.packageApi,
    api,
    engine: firstEngine(api, knowledge.releases),
    because: reasons(needs, api),
    needs,
    params: byOperation('params'),
    body: byOperation('body'),
    reads: site.reads.map((r) => r.path),
  };
}

/** What `api` lacks of a call: newer needs, and operations its package no longer has. */
function lacksOf(site: SiteVerdict, api: string, knowledge: VersionKnowledge): Need[] {
  // an operation the target lacks stands for its fields too
  const missing = new Set(site.needs.filter((n) => n.kind === 'operation' && compareVersions(n.since, api) > 0).map((n) => n.operation));
  const lacks: Need[] = site.needs.filter(
    (n) => compareVersions(n.since, api) > 0 && (n.kind === 'operation' || !missing.has(n.operation)),
  );
  for (const need of site.needs) {
    const gone =
      need.kind === 'operation' && compareVersions(need.since, api) <= 0 && !knowledge.operations.get(need.operation)?.versions.has(api);
    if (gone) lacks.push({ ...need, removed: true });
  }
  return lacks;
}

/**
 * The packages the target refuses. A client negotiates min(its newest version, the engine's), so an
 * engine refuses it exactly when its newest version is below the engine's lowest accepted one.
 */
function refusalsOf(sites: SiteVerdict[], goal: Goal, knowledge: VersionKnowledge): Refusal[] {
  const { minApi, api } = goal;
  if (!minApi) return [];
  const refused = sites.filter((s) => s.packageApi && compareVersions(s.packageApi, minApi) < 0);
  const accepted = knowledge.versions.filter((v) => compareVersions(v, minApi) >= 0 && compareVersions(v, api) <= 0);
  const singles = accepted.length > 1 ? `@dockerapi/v${accepted[0]} ... @dockerapi/v${accepted.at(-1)}` : `@dockerapi/v${accepted[0]}`;
  const ranges = knowledge.ranges.filter((r) => compareVersions(r.high, minApi) >= 0 && compareVersions(r.low, api) <= 0);
  const use = [...(accepted.length ? [singles] : []), ...ranges.map((r) => `@dockerapi/v${r.low}-v${r.high}`)];
  return [...new Set(refused.map((s) => s.package))].map((name) => {
    const own = refused.filter((s) => s.package === name);
    return {
      package: name,
      speaks: own[0].packageApi!,
      sites: own.map(({ file, line, column, method }) => ({ file, line, column, method })),
      use,
    };
  });
}

export function judge(sites: CallSite[], knowledge: VersionKnowledge, target?: Goal): CheckReport {
  const told = sites.filter((s) => s.kind !== 'unknown').map((s) => verdictOf(s, knowledge));
  const unknown = sites.filter((s) => s.kind === 'unknown').map(({ file, line, column, method }) => ({ file, line, column, method }));
  const files = [...new Set(told.map((s) => s.file))].map((file) => {
    const own = told.filter((s) => s.file === file);
    const api = newest(own.map((s) => s.api));
    return { file, api, engine: firstEngine(api, knowledge.releases), sites: own };
  });
  const api = told.length ? newest(told.map((s) => s.api)) : undefined;
  const report: CheckReport = {
    api,
    engine: api && firstEngine(api, knowledge.releases),
    floor: told.filter((s) => s.api === api),
    files,
    unknown,
  };
  if (target) {
    const lacking = told.map((site) => ({ site, lacks: lacksOf(site, target.api, knowledge) })).filter((l) => l.lacks.length);
    report.target = { ...target, lacking, refused: refusalsOf(told, target, knowledge) };
  }
  return report;
}
