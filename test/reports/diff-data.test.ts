// The published CLI diffs from models stripped of prose (`diffModel`): each diff between neighbours
// must be the report `generate` wrote from the whole models, so nothing the diff reads is stripped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readCached } from '../../generator/src/cache/store.ts';
import { readManifest } from '../../generator/src/output/folder.ts';
import { diffModel, diffVersions } from '../../generator/src/reports/diff-data.ts';
import type { ApiModel } from '../../generator/src/stages/index.ts';
import { readPatches, type SpecPatch } from '../../generator/src/document/patches.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';
import { compareVersions } from '../../generator/src/versions.ts';

const generated = path.join(repoRoot, 'generated');
const models = new Map<string, ApiModel>();
let patches: SpecPatch[];

beforeAll(async () => {
  const manifest = (await readManifest(generated))!;
  for (const [version, entry] of Object.entries(manifest.versions)) {
    if (!/^\d+\.\d+$/.test(version)) continue; // range packages have no diff report
    models.set(version, diffModel((await readCached<ApiModel>('models', version, entry.inputKey))!));
  }
  patches = await readPatches();
}, 60_000);

it('diffs every pair of neighbours from the stripped models as the reports do from the whole ones', () => {
  const versions = [...models.keys()].sort(compareVersions);
  expect(versions.length).toBeGreaterThan(30);
  for (const [i, to] of versions.slice(1).entries()) {
    const from = versions[i];
    const report = JSON.parse(readFileSync(path.join(generated, `reports/diffs/v${from}-v${to}.json`), 'utf8'));
    expect(JSON.parse(JSON.stringify(diffVersions(from, models.get(from)!, to, models.get(to)!, patches))), `${from} -> ${to}`).toEqual(
      report,
    );
  }
}, 120_000);

it('leaves out the prose: the stripped model is less than half the size', async () => {
  const manifest = (await readManifest(generated))!;
  const whole = (await readCached<ApiModel>('models', '1.51', manifest.versions['1.51'].inputKey))!;
  expect(JSON.stringify(models.get('1.51')).length).toBeLessThan(JSON.stringify(whole).length / 2);
});
