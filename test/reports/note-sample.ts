// Draws change-log notes at random with fixed seeds, so a judged sample is one nobody picked and anyone can
// redraw: `npx tsx test/reports/note-sample.ts SIZE SEED...` prints the samples of docs/reconciliation-sample.md.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../generator/src/document/sources.ts';

export interface ReportedNote {
  version: string;
  text: string;
}

/** Mulberry32: a small, well-known 32-bit PRNG; the same seed gives the same numbers in [0, 1) everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` distinct notes, drawn from all of them (a partial Fisher-Yates shuffle), in the order drawn. */
export function drawNotes<T>(notes: T[], seed: number, size: number): T[] {
  const random = mulberry32(seed);
  const pool = [...notes];
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, size);
}

/** One sample per seed, each drawn from the notes the samples before it left: no note is judged twice. */
export function drawSamples<T>(notes: T[], seeds: number[], size: number): T[][] {
  let pool = notes;
  return seeds.map((seed) => {
    const sample = drawNotes(pool, seed, size);
    pool = pool.filter((n) => !sample.includes(n));
    return sample;
  });
}

/** Every note the reconciliation covers (v1.25 to the newest version), in log order, as generated/reports has them. */
export function reconciledNotes(): ReportedNote[] {
  const reports: { to: string; notes: string[] }[] = JSON.parse(
    readFileSync(path.join(repoRoot, 'generated/reports/reconciliation.json'), 'utf8'),
  );
  return reports.flatMap((r) => r.notes.map((text) => ({ version: r.to, text })));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [size, ...seeds] = process.argv.slice(2).map(Number);
  drawSamples(reconciledNotes(), seeds, size).forEach((sample, i) => {
    console.log(`seed ${seeds[i]}`);
    for (const n of sample) console.log(`  v${n.version}  ${n.text}`);
  });
}
