// The drift report: every way the recorded engine answers (specs/engine-answers) differ from the
// upstream spec of the version they were requested at, each finding either fixed by a patch in
// specs/patches/ or accepted, with its reason, in specs/drift-accepted.json. A finding that is
// neither fails generation, as does a patch whose cited drift is not in the report as fixed by it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DriftKind } from '../drift.js';
import type { ApiModel } from '../stages/index.js';
import type { SpecPatch } from '../stages/patches.js';
import { specsDir } from '../sources.js';
import { compareVersions, ranges } from '../versions.js';
import { renderTemplate } from '../templates.js';

export const acceptedFile = path.join(specsDir, 'drift-accepted.json');

/** Findings left as they are, for one reason: each `"<operation> <path>"` of the given kind. */
export interface AcceptedDrift {
  kind: DriftKind;
  reason: string;
  findings: string[];
}

export interface DriftEntry {
  engine: string;
  version: string;
  kind: DriftKind;
  operation: string;
  path: string;
  expected: string;
  actual: string;
  /** The patch that fixes it (the file id in specs/patches/). */
  fixedBy?: string;
  /** Why it is left as is. */
  accepted?: string;
  /** Only the patched spec has it (a patch revealed what an upstream mismatch hid). */
  fromPatches?: true;
}

export class DriftError extends Error {}

const KINDS: DriftKind[] = ['extra-field', 'missing-required', 'unexpected-null', 'enum-outside', 'type-mismatch'];

export function parseAccepted(raw: unknown, where = 'specs/drift-accepted.json'): AcceptedDrift[] {
  const list = (raw as { accepted?: unknown })?.accepted;
  if (!Array.isArray(list)) throw new DriftError(`${where}: expected {"accepted": [...]}`);
  return list.map((entry: any, i: number) => {
    const at = `${where} accepted[${i}]`;
    if (!KINDS.includes(entry?.kind)) throw new DriftError(`${at}: "kind" must be one of ${KINDS.join(', ')}`);
    if (typeof entry.reason !== 'string' || !entry.reason) throw new DriftError(`${at}: missing "reason"`);
    const ok = Array.isArray(entry.findings) && entry.findings.length && entry.findings.every((f: unknown) => typeof f === 'string');
    if (!ok) throw new DriftError(`${at}: "findings" must list "<operation> <path>" strings`);
    return { kind: entry.kind, reason: entry.reason, findings: entry.findings };
  });
}

export async function readAccepted(file = acceptedFile): Promise<AcceptedDrift[]> {
  return parseAccepted(JSON.parse(await readFile(file, 'utf8')));
}

/** How a patch cites a finding: `28.5 v1.51 unexpected-null ContainerInspect /HostConfig/Binds`. */
export const citationOf = (e: Pick<DriftEntry, 'engine' | 'version' | 'kind' | 'operation' | 'path'>) =>
  `${e.engine} v${e.version} ${e.kind} ${e.operation} ${e.path}`;

const describe = (e: DriftEntry) => `${citationOf(e)} (expected ${e.expected}, sent ${e.actual})`;

/**
 * Every finding of every version with its explanation. Throws, naming them, on findings neither
 * fixed nor accepted, on patches without evidence or citing drift they do not fix, and, when
 * `answered` (every version with recorded answers) is all at hand, on accepted entries no finding needs.
 */
export function driftEntries(
  models: Map<string, ApiModel>,
  patches: SpecPatch[],
  accepted: AcceptedDrift[],
  answered?: string[],
): DriftEntry[] {
  const reasons = new Map<string, string>();
  for (const a of accepted) for (const f of a.findings) reasons.set(`${a.kind} ${f}`, a.reason);
  const entries: DriftEntry[] = [];
  const versions = [...models.keys()].sort(compareVersions);
  for (const version of versions) {
    for (const { engine, findings } of models.get(version)!.drift ?? []) {
      for (const f of findings) {
        const entry: DriftEntry = { engine, version, ...f };
        if (!f.fixedBy) {
          const reason = reasons.get(`${f.kind} ${f.operation} ${f.path}`);
          if (reason) entry.accepted = reason;
        }
        entries.push(entry);
      }
    }
  }
  const unexplained = entries.filter((e) => !e.fixedBy && !e.accepted);
  if (unexplained.length) {
    throw new DriftError(
      `${unexplained.length} drift finding(s) neither fixed by a patch nor accepted:\n  ${unexplained.slice(0, 10).map(describe).join('\n  ')}` +
        `${unexplained.length > 10 ? '\n  ...' : ''}\nfix each with a patch in specs/patches/ or accept it, with a reason, in specs/drift-accepted.json`,
    );
  }
  checkEvidence(entries, patches, new Set(versions));
  if (answered?.every((v) => models.get(v)?.drift)) {
    const used = new Set(entries.filter((e) => e.accepted).map((e) => `${e.kind} ${e.operation} ${e.path}`));
    const stale = [...reasons.keys()].filter((key) => !used.has(key));
    if (stale.length) {
      throw new DriftError(`specs/drift-accepted.json accepts drift no recorded answer shows any more; remove:\n  ${stale.join('\n  ')}`);
    }
  }
  return entries;
}

/** Each patch has evidence, and each drift it cites (at a version at hand) is fixed by it. */
export function checkEvidence(entries: DriftEntry[], patches: SpecPatch[], versions: Set<string>): void {
  const byCitation = new Map(entries.map((e) => [citationOf(e), e]));
  const problems: string[] = [];
  for (const patch of patches) {
    const where = `specs/patches/${patch.id}.json`;
    if (!patch.evidence) {
      problems.push(`${where}: no "evidence" (the drift it fixes, or the source that shows it is right)`);
      continue;
    }
    for (const citation of patch.evidence.drift ?? []) {
      const version = /^\S+ v(\d+\.\d+) /.exec(citation)?.[1];
      if (!version)
        problems.push(`${where}: cannot read the citation "${citation}" (want "<engine> v<version> <kind> <operation> <path>")`);
      else if (!versions.has(version)) continue;
      else {
        const found = byCitation.get(citation);
        if (!found) problems.push(`${where}: cites "${citation}", which is not in the drift of the upstream spec`);
        else if (found.fixedBy !== patch.id) {
          problems.push(
            `${where}: cites "${citation}", which ${found.fixedBy ? `${found.fixedBy} fixes` : 'no patch fixes'}, not this patch`,
          );
        }
      }
    }
  }
  if (problems.length) throw new DriftError(`patch evidence does not match the drift report:\n  ${problems.join('\n  ')}`);
}

export interface DriftGroup {
  kind: DriftKind;
  operation: string;
  path: string;
  expected: string;
  actual: string;
  /** engine -> the versions it shows this at, as ranges. */
  seen: Record<string, string>;
  fixedBy?: string;
  accepted?: string;
  fromPatches?: true;
}

/** Entries folded across versions: one row per finding and explanation, with the versions per engine. */
export function driftGroups(entries: DriftEntry[], versions: string[]): DriftGroup[] {
  const groups = new Map<string, { group: DriftGroup; versions: Map<string, string[]> }>();
  for (const e of entries) {
    const key = [e.kind, e.operation, e.path, e.actual, e.fixedBy ?? '', e.accepted ?? ''].join('\0');
    let g = groups.get(key);
    if (!g) {
      const { engine: _e, version: _v, ...rest } = e;
      g = { group: { ...rest, seen: {} }, versions: new Map() };
      groups.set(key, g);
    }
    g.versions.set(e.engine, [...(g.versions.get(e.engine) ?? []), e.version]);
  }
  return [...groups.values()]
    .map(({ group, versions: seen }) => ({
      ...group,
      seen: Object.fromEntries(
        [...seen].sort(([a], [b]) => b.localeCompare(a, 'en', { numeric: true })).map(([k, v]) => [k, ranges(v, versions)]),
      ),
    }))
    .sort((a, b) => `${a.operation} ${a.path} ${a.kind}`.localeCompare(`${b.operation} ${b.path} ${b.kind}`));
}

const escapeMd = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const seenText = (g: DriftGroup) =>
  Object.entries(g.seen)
    .map(([engine, v]) => `Engine ${engine}: ${v}`)
    .join('; ');
const verdictOf = (g: DriftGroup) => (g.fixedBy ? `fixed by ${g.fixedBy}` : `left as is: ${g.accepted}`);

function summary(entries: DriftEntry[]): string[] {
  const pairs = new Map<string, DriftEntry[]>();
  for (const e of entries) pairs.set(`${e.engine} ${e.version}`, [...(pairs.get(`${e.engine} ${e.version}`) ?? []), e]);
  const engines = [...new Set(entries.map((e) => e.engine))].sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  const lines = ['| engine | API versions | findings | fixed by a patch | left as is |', '|---|---|---|---|---|'];
  for (const engine of engines) {
    const mine = entries.filter((e) => e.engine === engine);
    const versions = [...new Set(mine.map((e) => e.version))].sort(compareVersions);
    const fixed = mine.filter((e) => e.fixedBy).length;
    lines.push(`| ${engine} | ${versions[0]}..${versions.at(-1)} | ${mine.length} | ${fixed} | ${mine.length - fixed} |`);
  }
  return lines;
}

const INTRO =
  'What the engines answered (specs/engine-answers, recorded by the engine tests) against the upstream spec of the API version ' +
  'each request was made at. Each finding is fixed by a patch (specs/patches/) or left as is for the reason given ' +
  '(specs/drift-accepted.json). Paths are JSON pointers into the answer; `*` stands for any list item or map key.';

export function driftMarkdown(entries: DriftEntry[], versions: string[]): string {
  const lines = ['# Engine answers against the spec', '', INTRO, '', ...summary(entries), ''];
  const groups = driftGroups(entries, versions);
  for (const fixed of [true, false]) {
    lines.push(
      fixed ? '## Fixed by a patch' : '## Left as is',
      '',
      '| operation | path | drift | engines and API versions | why |',
      '|---|---|---|---|---|',
    );
    for (const g of groups.filter((x) => Boolean(x.fixedBy) === fixed)) {
      const drift = `${g.kind}: expected ${g.expected}, sent ${g.actual}${g.fromPatches ? ' (shown once patched)' : ''}`;
      lines.push(`| ${g.operation} | \`${escapeMd(g.path)}\` | ${escapeMd(drift)} | ${seenText(g)} | ${escapeMd(verdictOf(g))} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export function driftHtml(entries: DriftEntry[], versions: string[]): string {
  const rows = driftGroups(entries, versions)
    .map(
      (g) =>
        `<tr class="${g.fixedBy ? 'fixed' : 'accepted'}"><td>${g.operation}</td><td><code>${escapeHtml(g.path)}</code></td>` +
        `<td>${g.kind}</td><td>${escapeHtml(g.expected)}</td><td>${escapeHtml(g.actual)}</td><td>${escapeHtml(seenText(g))}</td>` +
        `<td>${g.fixedBy ? `fixed by <code>${g.fixedBy}</code>` : `left as is: ${escapeHtml(g.accepted ?? '')}`}</td></tr>`,
    )
    .join('\n');
  const table = summary(entries)
    .filter((l) => !l.startsWith('|---'))
    .map((l, i) => {
      const cells = l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      const tag = i === 0 ? 'th' : 'td';
      return `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
    })
    .join('\n');
  return renderTemplate('reports/drift.html.hbs', { intro: escapeHtml(INTRO), summary: table, rows });
}

/** The findings folded across versions (as in the page), one a line, with the versions each engine answered at. */
export function driftJson(entries: DriftEntry[], versions: string[]): string {
  const answered: Record<string, string[]> = {};
  for (const e of entries) if (!answered[e.engine]?.includes(e.version)) (answered[e.engine] ??= []).push(e.version);
  const lines = driftGroups(entries, versions).map((g) => JSON.stringify(g));
  return `{\n "answered": ${JSON.stringify(answered)},\n "findings": [\n  ${lines.join(',\n  ')}\n ]\n}\n`;
}
