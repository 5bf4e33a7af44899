// The published CLI, `@dockerapi/cli`: its program bundled from cli/src with what it imports of the
// generator (commander and ts-morph stay dependencies), and the data its commands read instead of
// the repository: the version facts `check` needs (from the generated operation tables and the
// engine releases) and each version's API model, without prose, with the patches, for `diff`.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { knowledgeToJson, loadKnowledge } from '../check/knowledge.js';
import { readCached } from '../cache/store.js';
import type { Manifest } from '../output/folder.js';
import { diffModel } from '../reports/diff-data.js';
import type { ApiModel } from '../stages/index.js';
import { readPatches } from '../document/patches.js';
import { readSourceList, repoRoot } from '../document/sources.js';
import { compareVersions } from '../versions.js';

const source = path.join(repoRoot, 'cli');

export async function stageCli(staging: string, generated: string, manifest: Manifest): Promise<string> {
  const dir = path.join(staging, 'cli');
  // loaded only here: no other command bundles
  const { build } = await import('esbuild');
  await build({
    entryPoints: { dockerapi: path.join(source, 'src/program.ts') },
    bundle: true,
    // a chunk of its own for check, so that diff never loads the type checker
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: path.join(dir, 'dist'),
    external: ['commander', 'ts-morph'],
    logLevel: 'warning',
  });
  const data = path.join(dir, 'data');
  await mkdir(path.join(data, 'models'), { recursive: true });
  const knowledge = await loadKnowledge(generated, (await readSourceList()).engineReleases);
  await writeFile(path.join(data, 'facts.json'), JSON.stringify(knowledgeToJson(knowledge)));
  await writeFile(path.join(data, 'patches.json'), JSON.stringify(await readPatches()));
  for (const version of knowledge.versions.sort(compareVersions)) {
    const entry = manifest.versions[version];
    const model = entry && (await readCached<ApiModel>('models', version, entry.inputKey));
    if (!model) throw new Error(`no API model of v${version} for the CLI's diff: run \`npm run generate\` first`);
    await writeFile(path.join(data, 'models', `v${version}.json`), JSON.stringify(diffModel(model)));
  }
  for (const name of ['package.json', 'README.md']) await copyFile(path.join(source, name), path.join(dir, name));
  return dir;
}
