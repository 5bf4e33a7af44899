// Tar archives: build contexts from a folder (honouring .dockerignore, as the CLI does) and the
// path-stat header of the container archive endpoints.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { InvalidParameterError, RequestBodyError } from './errors.js';

/** What a build context's errors name: the request it is made for. */
const BUILD = { method: 'POST', path: '/build' } as const;

export interface BuildContextOptions {
  /** Compress the archive (the engine accepts gzip). */
  gzip?: boolean;
  /** The Dockerfile's path inside the folder; it is sent even if .dockerignore lists it. */
  dockerfile?: string;
  /**
   * Only these files and folders of the folder (paths inside it, like dockerode's `src`), instead of
   * all of it; .dockerignore still applies to what they hold.
   */
  files?: string[];
}

/** A tar stream of `dir` without what its .dockerignore excludes. */
export function buildContext(dir: string, options: BuildContextOptions = {}): Readable {
  // tar-fs and @balena/dockerignore (CommonJS) are needed only to build a context: loaded on first use,
  // synchronously, so buildContext stays a plain function.
  const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);
  const dockerignore = require('@balena/dockerignore') as typeof import('@balena/dockerignore').default;
  const tar = require('tar-fs') as typeof import('tar-fs');
  const root = path.resolve(dir);
  const ignoreFile = path.join(root, '.dockerignore');
  const rules = existsSync(ignoreFile) ? dockerignore().add(readFileSync(ignoreFile, 'utf8')) : undefined;
  const alwaysSent = new Set([(options.dockerfile ?? 'Dockerfile').replace(/^\.\//, ''), '.dockerignore']);
  const pack = tar.pack(root, {
    ...(options.files && { entries: chosenEntries(root, options.files) }),
    ignore: (name: string) => {
      const relative = path.relative(root, name).split(path.sep).join('/');
      return Boolean(rules && relative && !alwaysSent.has(relative) && rules.ignores(relative));
    },
  });
  if (!options.gzip) return pack as unknown as Readable;
  // pipeline, not pipe: a folder that cannot be read fails the gzip stream the call watches, rather
  // than the tar stream nobody listens to.
  const gzip = require('node:zlib').createGzip() as Readable & NodeJS.WritableStream;
  pipeline(pack as unknown as Readable, gzip, () => undefined);
  return gzip;
}

/** The chosen entries as tar-fs takes them, each checked to be inside the folder and present. */
function chosenEntries(root: string, files: string[]): string[] {
  if (!files.length)
    throw new InvalidParameterError('build context files: the list is empty; leave it out to send the whole folder', BUILD);
  return files.map((file) => {
    const relative = path.relative(root, path.resolve(root, file));
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new InvalidParameterError(`build context files: ${JSON.stringify(file)} is not inside ${root}`, BUILD);
    }
    if (!existsSync(path.join(root, relative)))
      throw new InvalidParameterError(`build context files: ${JSON.stringify(file)}: no such file in ${root}`, BUILD);
    return relative;
  });
}

/**
 * The context a build sends for a path: a folder is tarred (see buildContext), a file is taken as a
 * tar archive (plain or compressed: the engine reads gzip, bzip2 and xz) and sent as it is.
 */
export function contextOf(location: string, options: BuildContextOptions = {}): Readable {
  let isFolder: boolean;
  try {
    isFolder = statSync(location).isDirectory();
  } catch (error) {
    // What the body would have been cannot be read: the engine is not at fault, nothing was sent.
    throw new RequestBodyError(BUILD, error);
  }
  if (isFolder) return buildContext(location, options);
  const folderOnly = (['files', 'gzip'] as const).filter((name) => options[name] !== undefined);
  if (folderOnly.length)
    throw new InvalidParameterError(`build context ${location}: ${folderOnly.join(' and ')} apply to a folder, not a tar file`, BUILD);
  return createReadStream(location);
}

/** What `X-Docker-Container-Path-Stat` says about a path in a container. */
export interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

export function decodePathStat(header: string | string[] | undefined): PathStat | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as PathStat;
}
