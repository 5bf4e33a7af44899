// The stamp a successful `generate` leaves in the generator's cache folder (not in its output, which
// stays the same from run to run): a key over everything the run read
// (the command line, the specs folder, the generator's code and templates, the installed tools) and
// the inode, size and times of every file it left behind (the output, the API reports, the synced
// upstream files, the package links). When both still match, a run would change nothing: the bin
// answers from here before it loads the TypeScript loader or any module of the pipeline, which cost seconds.
// Plain JavaScript for that reason, and synchronous: a few hundred stat calls are cheaper that way.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Where the stamp of a run into `out` is kept: beside the cached models (DOCKERAPI_GEN_CACHE, or .cache/). */
function stampFile(out) {
  const cache = process.env.DOCKERAPI_GEN_CACHE ? path.resolve(process.env.DOCKERAPI_GEN_CACHE) : path.join(repoRoot, '.cache');
  const name = createHash('sha256').update(path.resolve(out)).digest('hex').slice(0, 16);
  return path.join(cache, 'stamps', `${name}.json`);
}

/** Every file under `dir` (relative, posix, sorted), skipping folders named in `skip`. */
function filesUnder(dir, skip = [], prefix = '') {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !skip.includes(entry.name))
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesUnder(path.join(dir, entry.name), skip, rel) : [rel];
    })
    .sort();
}

/**
 * What every run reads, hashed: the command line as typed (and the folder it was typed in), the
 * output folder, Node's version, the specs folder but its synced upstream copies (sources.json pins
 * them by sha256), the generator (code, bin, package.json), the templates, the runtime's package.json
 * and the installed dependencies (npm's record of node_modules). `--no-cache` changes how a run works,
 * not what it leaves, so a run with it stamps the same key (and the bin never ends one at the stamp).
 * @param {{ root: string, specs: string, out: string, args: string[], cwd: string }} run
 */
export function stampKey({ root, specs, out, args, cwd }) {
  const options = args.filter((arg) => arg !== '--no-cache');
  const hash = createHash('sha256').update(JSON.stringify([options, cwd, path.resolve(out), process.version]));
  const add = (file, name) => hash.update(`${name}\0${existsSync(file) ? readFileSync(file) : '(absent)'}\0`);
  for (const name of filesUnder(specs, ['.upstream'])) add(path.join(specs, name), `specs/${name}`);
  for (const dir of ['generator', 'templates']) {
    for (const name of filesUnder(path.join(root, dir), ['node_modules'])) add(path.join(root, dir, name), `${dir}/${name}`);
  }
  for (const name of ['runtime/package.json', 'node_modules/.package-lock.json']) add(path.join(root, name), name);
  return hash.digest('hex');
}

/**
 * Inode, size, modification and change time: an edit, a replacement or a deletion changes it (an
 * edit in place that keeps the size within the clock tick of the write it follows would not).
 */
function fingerprint(file) {
  const stat = lstatSync(file, { bigint: true, throwIfNoEntry: false });
  return stat ? `${stat.ino} ${stat.size} ${stat.mtimeNs} ${stat.ctimeNs}` : 'absent';
}

/** The output folder's files and the other `files`, each with its fingerprint. */
function fingerprints(out, files) {
  const owned = filesUnder(out);
  return Object.fromEntries([...owned.map((name) => [name, fingerprint(path.join(out, name))]), ...files.map((f) => [f, fingerprint(f)])]);
}

/**
 * Records a successful run: its key, what it left (files outside `out` by absolute path) and the
 * lines a run with nothing to do prints.
 * @param {string} out @param {string} key @param {{ files: string[], log: string[] }} left
 */
export function writeStamp(out, key, { files, log }) {
  const stamp = { key, log, others: files, files: fingerprints(out, files) };
  const file = stampFile(out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(stamp, null, 2)}\n`);
}

/** Before a run changes anything: a run that fails must leave no stamp behind. */
export function removeStamp(out) {
  rmSync(stampFile(out), { force: true });
}

/**
 * The lines to print if the last run had this key and left every file as it is now; else undefined.
 * @param {string} out @param {string} key @returns {string[] | undefined}
 */
export function upToDate(out, key) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile(out), 'utf8'));
  } catch {
    return undefined;
  }
  if (stamp.key !== key) return undefined;
  const now = fingerprints(out, stamp.others);
  const names = Object.keys(stamp.files);
  const same = names.length === Object.keys(now).length && names.every((name) => now[name] === stamp.files[name]);
  return same ? stamp.log : undefined;
}
