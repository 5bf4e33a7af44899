// The recorded engine answers (specs/engine-answers, written by the engine tests): one normalised
// answer per operation, per engine and API version, read for the drift of each version.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { specsDir } from './sources.js';

export const answersDir = path.join(specsDir, 'engine-answers');

/** One version's recorded answers: engine (`28.5`) -> operationId -> answer. */
export type VersionAnswers = Record<string, Record<string, unknown>>;

/** Every recorded answer, by API version: `engine-28.5/v1.51.json` -> answers['1.51']['28.5']. */
export async function readAnswers(dir = answersDir): Promise<Record<string, VersionAnswers>> {
  const byVersion: Record<string, VersionAnswers> = {};
  const engines = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name.startsWith('engine-'));
  for (const { name } of engines.sort((a, b) => a.name.localeCompare(b.name))) {
    for (const file of (await readdir(path.join(dir, name))).filter((f) => /^v1\.\d+\.json$/.test(f)).sort()) {
      const text = await readFile(path.join(dir, name, file), 'utf8');
      let answers: unknown;
      try {
        answers = JSON.parse(text);
      } catch (error) {
        throw new Error(`specs/engine-answers/${name}/${file}: not JSON (${(error as Error).message})`);
      }
      if (!answers || typeof answers !== 'object' || Array.isArray(answers)) {
        throw new Error(`specs/engine-answers/${name}/${file}: expected an object of operationId -> answer`);
      }
      const version = file.slice(1, -'.json'.length);
      byVersion[version] ??= {};
      byVersion[version][name.slice('engine-'.length)] = answers as Record<string, unknown>;
    }
  }
  return byVersion;
}
