// Renders diffs and the matrix for people (Markdown, one self-contained HTML page each, laid out by
// templates/reports/page.html.hbs; the matrix's controls and script by its own two templates).
import type { ApiDiff, Change } from './diff.js';
import type { EngineColumn, Matrix, MatrixRow, OperationRow } from './matrix.js';
import { ranges } from '../versions.js';
import type { Reconciliation } from './reconcile.js';
import { renderTemplate } from '../templates.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const escapeMd = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const diffName = (from: string, to: string) => `v${from}-v${to}`;

/** Changes grouped by subject (an endpoint or a definition), endpoints first, in stable order. */
function grouped(diff: ApiDiff): [string, Change[]][] {
  const groups = new Map<string, Change[]>();
  for (const change of diff.changes) groups.set(change.subject, [...(groups.get(change.subject) ?? []), change]);
  return [...groups].sort(([a], [b]) => Number(a.startsWith('definition')) - Number(b.startsWith('definition')) || a.localeCompare(b));
}

/** A change our patches made is told apart from upstream's. */
const detailOf = (c: Change) => `${c.detail || '-'}${c.patch ? ` (from our patch ${c.patch})` : ''}`;

function summaryOf(diff: ApiDiff): string {
  const breaking = diff.changes.filter((c) => c.breaking).length;
  const patched = diff.changes.filter((c) => c.patch).length;
  return (
    `${diff.changes.length} changes, ${breaking} breaking for a client written against v${diff.from}` +
    `${patched ? `; ${patched} from our patches (specs/patches), not upstream` : ''}.`
  );
}

export function diffMarkdown(diff: ApiDiff): string {
  const summary = summaryOf(diff);
  const lines = [`# API v${diff.from} -> v${diff.to}`, '', summary, ''];
  for (const [subject, changes] of grouped(diff)) {
    lines.push(`## ${subject}`, '', '| change | where | detail | breaking |', '|---|---|---|---|');
    for (const c of changes) {
      lines.push(`| ${c.kind} | ${escapeMd(c.location) || '-'} | ${escapeMd(detailOf(c))} | ${c.breaking ? 'yes' : 'no'} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export const anchorOf = (subject: string) =>
  subject
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function diffHtml(diff: ApiDiff): string {
  const sections = grouped(diff).map(([subject, changes]) => {
    const rows = changes
      .map(
        (c) =>
          `<tr class="${[c.breaking && 'breaking', c.patch && 'patch'].filter(Boolean).join(' ')}"><td>${c.kind}</td>` +
          `<td><code>${escapeHtml(c.location) || '-'}</code></td><td>${escapeHtml(detailOf(c))}</td>` +
          `<td>${c.breaking ? 'breaking' : ''}</td></tr>`,
      )
      .join('\n');
    return `<section id="${anchorOf(subject)}"><h2>${escapeHtml(subject)}</h2><table>${rows}</table></section>`;
  });
  const summary = `<p>${escapeHtml(summaryOf(diff))} <a href="../index.html">All reports</a></p>`;
  return page(`API v${diff.from} -> v${diff.to}`, `${summary}\n${sections.join('\n')}`);
}

/** A report page: its stylesheet inline, so that one file opened from disk shows it. */
const page = (title: string, body: string, script = '') =>
  renderTemplate('reports/page.html.hbs', { title: escapeHtml(title), body, script });

const engineNote = (r: EngineColumn) => (r.refusesBelow ? `refuses clients below API ${r.refusesBelow}` : '');
const idsText = (row: OperationRow) => row.operationIds.map((o) => `${o.operationId} (${o.versions})`).join(' -> ');

function fieldsOf(row: OperationRow): [string, MatrixRow][] {
  return [
    ...Object.entries(row.parameters),
    ...Object.entries(row.request).map(([k, v]) => [`request.${k}`, v] as [string, MatrixRow]),
    ...Object.entries(row.response).map(([k, v]) => [`response.${k}`, v] as [string, MatrixRow]),
  ];
}

/** Engine releases as first - last, in release order. */
const engineSpan = (engines: string[]) => (engines.length > 1 ? `${engines[0]} - ${engines.at(-1)}` : (engines[0] ?? 'none'));

/** The range packages: which engines each works with, and how many endpoints it keeps. */
export function rangesMarkdown(matrix: Matrix): string[] {
  const total = Object.keys(matrix.operations).length;
  const lines = [
    '## Range packages',
    '',
    'A range package (`@dockerapi/v1.41-v1.51`) has what every version of its range has in common: a program' +
      ' that compiles against it runs on every engine in the range, and compiles against each member version too.' +
      ' Pick one when one program must serve engines of several release lines; pick a single version for the newest' +
      " operations and fields of one engine. An engine below the range's lowest version is refused with" +
      ' `EngineOutOfRangeError` before any operation.',
    '',
    `| package | versions | engine releases it works with | endpoints (of ${total} in all versions) |`,
    '|---|---|---|---|',
  ];
  for (const r of matrix.ranges ?? [])
    lines.push(`| \`${r.package}\` | ${r.low} - ${r.high} | ${engineSpan(r.engines)} | ${r.endpoints.length} |`);
  return lines;
}

function rangesHtml(matrix: Matrix): string {
  if (!matrix.ranges?.length) return '';
  const [heading, , text, , head] = rangesMarkdown(matrix);
  const cells = (line: string) => line.split(' | ').map((c) => c.replace(/^\| |\|$|`/g, '').trim());
  const row = (tag: string, line: string) =>
    `<tr>${cells(line)
      .map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`)
      .join('')}</tr>`;
  const rows = (matrix.ranges ?? []).map((r) =>
    row('td', `| ${r.package} | ${r.low} - ${r.high} | ${engineSpan(r.engines)} | ${r.endpoints.length} |`),
  );
  return `\n<h2>${escapeHtml(heading.replace('## ', ''))}</h2>\n<p>${escapeHtml(text.replace(/`/g, ''))}</p>\n<table id="ranges">${row('th', head)}${rows.join('')}</table>`;
}

export function matrixMarkdown(matrix: Matrix): string {
  const lines = [
    '# Compatibility matrix',
    '',
    'One row per endpoint (METHOD + path); "first engine" is the first Docker Engine release' +
      " whose highest API version is at least the row's first version.",
    '',
    '| endpoint | operationId (versions) | versions | first engine |',
    '|---|---|---|---|',
  ];
  const engineOf = (r: MatrixRow) => r.firstEngine ?? 'unreleased';
  for (const row of Object.values(matrix.operations)) {
    lines.push(`| \`${row.method} ${row.path}\` | ${idsText(row)} | ${ranges(row.versions, matrix.versions)} | ${engineOf(row)} |`);
  }
  if (matrix.ranges?.length) lines.push('', ...rangesMarkdown(matrix));
  lines.push('', '## Engine releases', '', '| engine | highest API version | lowest API version accepted | note |', '|---|---|---|---|');
  for (const r of matrix.releases) lines.push(`| ${r.engine} | ${r.maxApi} | ${r.minApi} | ${engineNote(r) || '-'} |`);
  for (const v of matrix.unreleased) lines.push(`| - | ${v} | - | unreleased: no engine release serves it yet |`);
  lines.push(
    '',
    '## Parameters and fields that changed',
    '',
    'A version in "omitted from the spec" lacks the field in its document only: the versions around it have it.',
    '',
  );
  for (const row of Object.values(matrix.operations)) {
    const partial = fieldsOf(row).filter(([, f]) => f.versions.length !== row.versions.length);
    if (!partial.length) continue;
    lines.push(
      `### ${row.method} ${row.path}`,
      '',
      '| parameter or field | versions | first engine | omitted from the spec |',
      '|---|---|---|---|',
    );
    for (const [name, f] of partial) {
      lines.push(`| ${escapeMd(name)} | ${ranges(f.versions, matrix.versions)} | ${engineOf(f)} | ${f.omitted?.join(', ') ?? '-'} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** What the page script needs, in short keys: the page embeds it whole. */
function matrixPageData(matrix: Matrix) {
  const field = (name: string, f: MatrixRow) => [name, f.versions, f.firstEngine ?? '', f.omitted ?? []];
  const operations = Object.values(matrix.operations).map((o) => ({
    m: o.method,
    p: o.path,
    r: o.resource,
    v: o.versions,
    e: o.firstEngine ?? '',
    o: o.omitted ?? [],
    ids: o.operationIds.map((i) => [i.operationId, i.versions]),
    f: fieldsOf(o).map(([name, f]) => field(name, f)),
  }));
  return { versions: matrix.versions, unreleased: matrix.unreleased, engines: matrix.engines, operations };
}

/** One page, no external resources: the data is embedded and a small script draws and filters the grid. */
export function matrixHtml(matrix: Matrix): string {
  const resources = [...new Set(Object.values(matrix.operations).map((o) => o.resource))].sort();
  const options = (values: string[], selected?: string) =>
    values.map((v) => `<option${v === selected ? ' selected' : ''}>${escapeHtml(v)}</option>`).join('');
  const releaseRows = matrix.releases
    .map(
      (r) =>
        `<tr${r.refusesBelow ? ' class="refuses"' : ''}><td>${escapeHtml(r.engine)}</td>` +
        `<td>${r.maxApi}</td><td>${r.minApi}</td><td>${escapeHtml(engineNote(r))}</td></tr>`,
    )
    .join('');
  const unreleased = matrix.unreleased.map((v) => `<tr><td>-</td><td>${v}</td><td>-</td><td>unreleased</td></tr>`).join('');
  const controls = renderTemplate('reports/matrix.html.hbs', {
    resources: options(resources),
    from: options(matrix.versions, matrix.versions[0]),
    to: options(matrix.versions, matrix.versions.at(-1)),
    releases: `${releaseRows}${unreleased}`,
    ranges: rangesHtml(matrix),
  });
  // `<` escaped, so no text in the data can close the script element.
  const data = JSON.stringify(matrixPageData(matrix)).replace(/</g, '\\u003c');
  const script = renderTemplate('reports/matrix-script.html.hbs', { data });
  return page('Docker Engine API compatibility matrix', controls, script);
}

export function reconciliationMarkdown(r: Reconciliation): string {
  const lines = [
    `# Change log v${r.to} against the spec (v${r.from} -> v${r.to})`,
    '',
    `${r.notes.length} notes: ${r.documented.length} tied to spec changes, ${r.unmatched.length} without a visible spec change; ` +
      `${r.undocumented.length} spec changes the log does not mention` +
      `${r.fromPatches.length ? `; ${r.fromPatches.length} from our patches (specs/patches), not upstream, listed apart` : ''}.`,
    '',
    '## Documented: notes tied to spec changes',
    '',
  ];
  for (const { note, changes, caveats } of r.documented) {
    lines.push(`- ${escapeMd(note.text)}`);
    for (const { change, tiedBy } of changes) {
      lines.push(`  - ${change.kind} ${escapeMd(change.subject)} ${escapeMd(change.location)} (tied by ${tiedBy.join(', ')})`);
    }
    for (const caveat of caveats) lines.push(`  - log mistake: ${escapeMd(caveat)}`);
  }
  lines.push('', '## Notes without a visible spec change', '');
  for (const { note, reason } of r.unmatched) lines.push(`- ${escapeMd(note.text)}`, `  - ${escapeMd(reason)}`);
  lines.push('', '## Spec changes the log does not mention', '', '| change | subject | where | detail |', '|---|---|---|---|');
  for (const c of r.undocumented) {
    lines.push(`| ${c.kind} | ${escapeMd(c.subject)} | ${escapeMd(c.location) || '-'} | ${escapeMd(c.detail) || '-'} |`);
  }
  lines.push(...patchSections(r.fromPatches));
  return `${lines.join('\n')}\n`;
}

/** Changes our patches made, one part per patch: the change log cannot speak of them, so none is matched to a note. */
function patchSections(changes: Change[]): string[] {
  const byPatch = new Map<string, Change[]>();
  for (const c of changes) byPatch.set(c.patch!, [...(byPatch.get(c.patch!) ?? []), c]);
  return [...byPatch].flatMap(([patch, own]) => [
    '',
    `## From our patches, not upstream: ${patch}`,
    '',
    `specs/patches/${patch}.json applies to one of the two versions only; not matched to the change log, not counted above.`,
    '',
    '| change | subject | where | detail |',
    '|---|---|---|---|',
    ...own.map((c) => `| ${c.kind} | ${escapeMd(c.subject)} | ${escapeMd(c.location) || '-'} | ${escapeMd(c.detail) || '-'} |`),
  ]);
}

export function reconciliationSummary(all: Reconciliation[]): string {
  const lines = [
    '# Change log reconciliation',
    '',
    "For each version, the upstream change log's notes matched to the structural changes from the version before.",
    '',
    'Changes our own patches (specs/patches) make between two versions are not upstream changes: they are counted ' +
      'in their own column, listed apart on the version page, and never matched to a note nor counted as undocumented.',
    '',
    '| version | notes | tied to spec changes | without a spec change (behaviour-only or not in the spec) | undocumented spec changes | from our patches, not upstream |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of all) {
    const patches = [...new Set(r.fromPatches.map((c) => c.patch))];
    const counts = [
      r.notes.length,
      r.documented.length,
      r.unmatched.length,
      r.undocumented.length,
      r.fromPatches.length ? `${r.fromPatches.length} (${patches.join(', ')})` : 0,
    ];
    lines.push(`| [v${r.to}](changelog/v${r.to}.md) | ${counts.join(' | ')} |`);
  }
  const notes = all.reduce((n, r) => n + r.notes.length, 0);
  const tied = all.reduce((n, r) => n + r.documented.length, 0);
  const behaviour = all.reduce((n, r) => n + r.unmatched.filter((u) => u.reason.startsWith('behaviour-only')).length, 0);
  const absent = notes - tied - behaviour;
  lines.push(
    '',
    `In all: ${notes} notes, ${tied} tied to spec changes, ${behaviour} classed behaviour-only, ` +
      `${absent} describing a change the spec does not show.`,
  );
  return `${lines.join('\n')}\n`;
}
