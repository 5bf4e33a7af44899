// 1. Generation: a cold generate of every version, its stages, and a run with nothing changed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { measure } from '../process.ts';
import type { Section } from '../stats.ts';

export async function generation(repo: string, rounds: number): Promise<Section> {
  const cli = path.join(repo, 'generator/bin/dockerapi-gen.js');
  const wall: number[] = [],
    cpu: number[] = [],
    rss: number[] = [],
    noChange: number[] = [];
  const stages: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    const out = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-bench-gen-'));
    // Cold is a fresh clone's first run: no output and no generator cache (the derived lists of .cache/).
    const cache = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-bench-gen-cache-'));
    const env = { ...process.env, DOCKERAPI_GEN_CACHE: cache };
    try {
      const cold = await measure(process.execPath, [cli, 'generate', '--no-cache', '--out', out], { env });
      wall.push(cold.wallS);
      cpu.push(cold.cpuS);
      rss.push(cold.peakRssMb);
      // Sum each stage over the versions (they run on parallel workers, so this is CPU-ish time).
      const sums: Record<string, number> = {};
      for (const m of cold.stderr.matchAll(/\((load \d+.*?)\)/g)) {
        for (const [, stage, ms] of m[1].matchAll(/(\w+) (\d+)/g)) sums[stage] = (sums[stage] ?? 0) + Number(ms) / 1000;
      }
      const reports = /reports +(\d+) ms/.exec(cold.stderr);
      if (reports) sums.reports = Number(reports[1]) / 1000;
      for (const [stage, s] of Object.entries(sums)) (stages[stage] ??= []).push(s);
      noChange.push((await measure(process.execPath, [cli, 'generate', '--out', out], { env })).wallS);
    } finally {
      await rm(out, { recursive: true, force: true });
      await rm(cache, { recursive: true, force: true });
    }
  }
  return {
    name: 'generation',
    title: 'Generation of all versions',
    unit: 's, MB',
    rows: [
      { measure: 'cold generate, wall (s)', cells: { dockerapi: wall } },
      { measure: 'cold generate, CPU (s)', cells: { dockerapi: cpu } },
      { measure: 'cold generate, peak RSS (MB)', cells: { dockerapi: rss } },
      { measure: 'no-change generate, wall (s)', cells: { dockerapi: noChange } },
      ...Object.entries(stages).map(([stage, values]) => ({
        measure: `stage ${stage}, summed over versions (s)`,
        cells: { dockerapi: values },
      })),
    ],
  };
}
