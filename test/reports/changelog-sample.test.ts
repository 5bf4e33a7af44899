// The judged samples of docs/reconciliation-sample.md: drawn at random with fixed seeds (note-sample.ts), each
// note's right reconciliation written by hand beside the verdict on ours. The samples must be the ones the seeds
// draw, and each verdict must still hold for the reconciliation generated now.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../generator/src/document/sources.ts';
import { drawSamples, reconciledNotes } from './note-sample.ts';

interface Row {
  version: string;
  begins: string;
  right: string;
  ours: 'right' | 'wrong';
}

const doc = readFileSync(path.join(repoRoot, 'docs/reconciliation-sample.md'), 'utf8');
const cells = (line: string) =>
  line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim().replaceAll('\\|', '|'));
const samples = [...doc.matchAll(/^## Sample \d+ \(seed (\d+)\)\n([\s\S]*?)(?=\n## |(?![\s\S]))/gm)].map(([, seed, body]) => ({
  seed: Number(seed),
  rows: body
    .split('\n')
    .filter((line) => /^\| \d+ \|/.test(line))
    .map(cells)
    .map(([, version, begins, right, ours]): Row => ({ version, begins, right, ours: ours as Row['ours'] })),
}));

interface Reported {
  to: string;
  notes: string[];
  documented: { note: string; changes: { kind: string; subject: string; location: string }[] }[];
  unmatched: { note: string; reason: string }[];
}
const reports: Reported[] = JSON.parse(readFileSync(path.join(repoRoot, 'generated/reports/reconciliation.json'), 'utf8'));

/** Why the reconciliation of a row's note is not the right one written beside it, or undefined when it is. */
function miss({ version, begins, right }: Row): string | undefined {
  const report = reports.find((r) => r.to === version)!;
  const note = report.notes.find((n) => n.startsWith(begins))!;
  const tied = report.documented.find((d) => d.note === note)?.changes.map((c) => `${c.kind} ${c.subject} ${c.location}`);
  const reason = report.unmatched.find((u) => u.note === note)?.reason;
  const where = `v${version} ${begins}`;
  if (!right.startsWith('tied: ')) {
    if (tied) return `${where}: tied (${tied.join('; ')}), not ${right}`;
    return reason!.startsWith(right) ? undefined : `${where}: ${reason}, not ${right}`;
  }
  if (!tied) return `${where}: untied (${reason})`;
  const pieces = right.slice('tied: '.length).split('; ');
  const missing = pieces.filter((piece) => !tied.some((t) => t.includes(piece)));
  const extra = tied.filter((t) => !pieces.some((piece) => t.includes(piece)));
  if (!missing.length && !extra.length) return undefined;
  return `${where}:${missing.length ? ` misses ${missing.join('; ')}` : ''}${extra.length ? ` ties also ${extra.join('; ')}` : ''}`;
}

describe('the judged samples of change-log notes (docs/reconciliation-sample.md)', () => {
  it('are the notes their seeds draw from all notes, 40 each, none judged twice', () => {
    expect(samples.map((s) => s.seed)).toEqual([25, 2027, 7919]);
    const drawn = drawSamples(
      reconciledNotes(),
      samples.map((s) => s.seed),
      40,
    );
    samples.forEach((sample, i) => {
      expect(sample.rows.map((r) => r.version)).toEqual(drawn[i].map((n) => n.version));
      sample.rows.forEach((row, j) => {
        expect(drawn[i][j].text.startsWith(row.begins)).toBe(true);
      });
    });
  });

  it.each([0, 1, 2])('sample %i: each verdict holds for the reconciliation generated now', (i) => {
    const rows = samples[i].rows;
    const misses = rows.map(miss);
    // A note judged wrong whose reconciliation became right (or the reverse) shows here: judge it again.
    expect(rows.map((r, j) => `${r.version} ${r.begins}: ${misses[j] ? 'wrong' : 'right'}`)).toEqual(
      rows.map((r) => `${r.version} ${r.begins}: ${r.ours}`),
    );
  });

  it('the sample drawn after the fixes is 95% or more right, as the document says', () => {
    const held = samples.at(-1)!.rows;
    const right = held.filter((r) => !miss(r)).length;
    expect(right / held.length).toBeGreaterThanOrEqual(0.95);
    expect(doc).toContain(`**${right} of ${held.length} (${(100 * right) / held.length}%)**`);
  });
});
