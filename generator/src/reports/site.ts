// The reports index as the page that answers "what changed between my engine's version and the one I
// target": the view model (every neighbouring diff with each change's change-log notes) computed
// here, and the page from templates/reports/ (a handlebars page, its stylesheet and script, copied as
// they are). The data travels inside the page as JSON, so it works opened from disk, without a server.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { ApiDiff, Change } from './diff.js';
import type { Matrix } from './matrix.js';
import type { Reconciliation } from './reconcile.js';
import { anchorOf, diffName } from './render.js';
import { templatesDir } from '../templates.js';

export interface SiteChange {
  subject: string;
  location: string;
  kind: string;
  detail: string;
  breaking: boolean;
  /** Our patch (specs/patches/) that made it, when it is not upstream's. */
  patch?: string;
  /** Indexes into its step's `notes`: the change-log notes that describe it. */
  notes: number[];
  /** Its section in the step's diff page. */
  anchor: string;
}

export interface SiteStep {
  from: string;
  to: string;
  /** `v1.41-v1.42`: diffs/NAME.html, and the change log's reading in changelog/vTO.md. */
  name: string;
  notes: string[];
  changes: SiteChange[];
  /** Notes no spec change answers (behaviour, or not in the spec), with why. */
  untied: { note: number; reason: string }[];
}

export interface SiteData {
  /** Oldest first; `label` names the first engine release that serves it. */
  versions: { version: string; label: string; released: boolean }[];
  steps: SiteStep[];
}

const changeKey = (c: Change) => `${c.kind}\0${c.subject}\0${c.location}`;

/** Each change of each neighbouring diff, with the notes the change-log reconciliation tied to it. */
export function siteData(
  diffs: ApiDiff[],
  reconciliations: Reconciliation[],
  matrix: Pick<Matrix, 'versions' | 'engines' | 'unreleased'>,
): SiteData {
  const steps = diffs.map((diff, i): SiteStep => {
    const r = reconciliations[i];
    // The log is reconciled with upstream's own diff, whose changes are other objects than the patched
    // diff's: a change is the same where kind, subject and place are.
    const notesOf = new Map<string, number[]>();
    for (const { note, changes } of r.documented) {
      for (const { change } of changes) notesOf.set(changeKey(change), [...(notesOf.get(changeKey(change)) ?? []), note.index]);
    }
    const order = r.notes.map((n) => n.index);
    const position = (index: number) => order.indexOf(index);
    return {
      from: diff.from,
      to: diff.to,
      name: diffName(diff.from, diff.to),
      notes: r.notes.map((n) => n.text),
      changes: diff.changes.map((c) => ({
        subject: c.subject,
        location: c.location,
        kind: c.kind,
        detail: c.detail,
        breaking: c.breaking,
        ...(c.patch ? { patch: c.patch } : {}),
        notes: (notesOf.get(changeKey(c)) ?? []).map(position),
        anchor: anchorOf(c.subject),
      })),
      untied: r.unmatched.map((u) => ({ note: position(u.note.index), reason: u.reason })),
    };
  });
  const label = (v: string) => (matrix.unreleased.includes(v) ? `${v} (unreleased)` : `${v} (engine ${matrix.engines[v]?.[0] ?? '?'})`);
  const versions = matrix.versions.map((version) => ({ version, label: label(version), released: !matrix.unreleased.includes(version) }));
  return { versions, steps };
}

const siteDir = path.join(templatesDir, 'reports');
let page: HandlebarsTemplateDelegate | undefined;

/** The page's files: index.html with the data in it, and its stylesheet and script. */
export function siteFiles(data: SiteData, others: string[]): Map<string, string> {
  page ??= Handlebars.compile(readFileSync(path.join(siteDir, 'index.html.hbs'), 'utf8'), { strict: true });
  const released = data.versions.filter((v) => v.released);
  const html = page({
    versions: data.versions,
    newest: released.at(-1)?.version ?? data.versions.at(-1)?.version,
    steps: data.steps,
    others: others.map((href) => ({ href, name: href.replace(/^\.\.\//, '') })),
    // `<` escaped, so no text in the data can close the script element.
    data: JSON.stringify(data).replace(/</g, '\\u003c'),
  });
  return new Map([
    ['index.html', html],
    ['index.css', readFileSync(path.join(siteDir, 'index.css'), 'utf8')],
    ['index.js', readFileSync(path.join(siteDir, 'index.js'), 'utf8')],
  ]);
}
