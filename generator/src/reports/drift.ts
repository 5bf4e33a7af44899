// The drift report: every finding of the recorded engine answers against the upstream spec of the
// version they were requested at, with its explanation (../drift/policy.ts), folded across versions
// and rendered as markdown, HTML and JSON.
import type { DriftKind } from '../drift/findings.js';
import type { DriftEntry } from '../drift/policy.js';
import { compareVersions, ranges } from '../versions.js';
import { renderTemplate } from '../templates.js';

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
