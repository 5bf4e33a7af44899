// `specs add`: a new upstream version pinned in one step. Everything is read and checked first (the
// document, the change log, the engine release, the patches carried over); only then are the files
// copied into the git-ignored upstream folder and specs/sources.json and the patch files written.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiSpecs, readSourceList, sha256, specsDir, type PinnedFile, type SourceList } from '../document/sources.js';
import { parseSpec, validateSpec } from '../document/load.js';
import { readPatches } from '../document/patches.js';
import { parseChangelog } from '../document/changelog.js';
import { compareVersions } from '../versions.js';
import { carryPatches, type CarriedEntry } from './carry-patches.js';

export interface AddOptions {
  version: string;
  /** A file or an http(s) URL. */
  spec: string;
  history: string;
  /** The Docker Engine release that serves it: the version is released. */
  engine?: string;
}

export interface Added {
  version: string;
  previous: string;
  /** The previous newest was marked released by this run. */
  previousReleased: boolean;
  released: boolean;
  patches: CarriedEntry[];
  /** The change log has no notes for the new version. */
  noNotes: boolean;
}

export class AddError extends Error {}

const isUrl = (from: string) => /^https?:\/\//.test(from);

async function readInput(option: string, from: string): Promise<{ data: Buffer; url?: string }> {
  if (isUrl(from)) {
    let response: Response;
    try {
      response = await fetch(from, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new AddError(`${option} ${from}: cannot download: ${(error as Error).message}`);
    }
    if (!response.ok) throw new AddError(`${option} ${from}: cannot download: HTTP ${response.status}`);
    return { data: Buffer.from(await response.arrayBuffer()), url: from };
  }
  if (!existsSync(from)) throw new AddError(`${option} ${from}: no such file`);
  return { data: await readFile(from) };
}

/** Where sync fetches a file from: the given URL, else the previous pin's place with this file's name. */
function urlOf(given: string | undefined, previous: PinnedFile, previousName: string, name: string): string {
  return given ?? previous.url.replace(new RegExp(`${previousName.replace(/\./g, '\\.')}$`), name);
}

export async function addVersion(options: AddOptions, dir = specsDir): Promise<Added> {
  const { version } = options;
  const sourcesFile = path.join(dir, 'sources.json');
  const list: SourceList = await readSourceList(sourcesFile);
  const specs = apiSpecs(list);
  const previous = specs.at(-1)!;
  if (!/^1\.\d+$/.test(version)) throw new AddError(`version "${version}": expected 1.NN`);
  if (compareVersions(version, previous.apiVersion) <= 0) {
    throw new AddError(`version ${version}: not newer than v${previous.apiVersion}, the newest pinned`);
  }
  const spec = await readInput('--spec', options.spec);
  const name = `--spec ${options.spec}`;
  const doc = parseSpec(name, spec.data.toString('utf8'));
  if (doc.swagger !== '2.0') throw new AddError(`${name}: not a Swagger 2.0 document (swagger: ${JSON.stringify(doc.swagger)})`);
  if (String(doc.info?.version) !== version) {
    throw new AddError(`${name}: its info.version is ${JSON.stringify(doc.info?.version)}, not "${version}"`);
  }
  await validateSpec(name, doc);
  const history = await readInput('--history', options.history);
  const notes = parseChangelog(history.data.toString('utf8'));
  if (!notes.has(previous.apiVersion)) {
    throw new AddError(`--history ${options.history}: not the API version history (no "## v${previous.apiVersion} API changes" section)`);
  }
  const last = list.engineReleases.at(-1)!;
  if (options.engine !== undefined) {
    if (!/^\d+\.\d+(\.\d+)?$/.test(options.engine)) throw new AddError(`--engine "${options.engine}": expected a release such as 29.8`);
    if (list.engineReleases.some((r) => r.engine === options.engine)) {
      throw new AddError(`--engine ${options.engine}: already listed in specs/sources.json`);
    }
  }
  const carried = await carryPatches(
    await readPatches(path.join(dir, 'patches')),
    previous.apiVersion,
    version,
    doc,
    path.join(dir, 'patches'),
  );

  // Checked: now write. The upstream copies first, so a pin never names a file that is not there.
  const file = `v${version}.yaml`;
  const upstream = path.join(dir, '.upstream');
  await mkdir(upstream, { recursive: true });
  await writeFile(path.join(upstream, file), spec.data);
  const changelogEntry = list.files.find((f) => f.kind === 'version-history')!;
  await writeFile(path.join(upstream, changelogEntry.file), history.data);
  const released = options.engine !== undefined;
  // Upstream opens a new version once the one before is out: it is released now.
  const previousReleased = !previous.released;
  previous.released = true;
  const entry = {
    file,
    format: 'swagger-2.0' as const,
    apiVersion: version,
    released,
    url: urlOf(spec.url, previous, previous.file, file),
    sha256: sha256(spec.data),
  };
  list.files.splice(list.files.indexOf(previous) + 1, 0, entry);
  changelogEntry.sha256 = sha256(history.data);
  if (history.url) changelogEntry.url = history.url;
  if (options.engine) list.engineReleases.push({ engine: options.engine, maxApi: version, minApi: last.minApi });
  for (const [id, text] of carried.files) await writeFile(path.join(dir, 'patches', `${id}.json`), text);
  await writeFile(sourcesFile, `${JSON.stringify(list, null, 2)}\n`);
  return {
    version,
    previous: previous.apiVersion,
    previousReleased,
    released,
    patches: carried.entries,
    noNotes: !(notes.get(version)?.length ?? 0),
  };
}
