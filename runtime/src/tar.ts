// Tar archives: build contexts from a folder (honouring .dockerignore, as the CLI does) and the
// path-stat header of the container archive endpoints.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { createRequire } from 'node:module';

export interface BuildContextOptions {
  /** Compress the archive (the engine accepts gzip). */
  gzip?: boolean;
  /** The Dockerfile's path inside the folder; it is sent even if .dockerignore lists it. */
  dockerfile?: string;
}

/** A tar stream of `dir` without what its .dockerignore excludes. */
export function buildContext(dir: string, options: BuildContextOptions = {}): Readable {
  // tar-fs and @balena/dockerignore (CommonJS) are needed only to build a context: loaded on first use,
  // synchronously, so buildContext stays a plain function.
  const require = createRequire(import.meta.url);
  const dockerignore = require('@balena/dockerignore') as typeof import('@balena/dockerignore').default;
  const tar = require('tar-fs') as typeof import('tar-fs');
  const root = path.resolve(dir);
  const ignoreFile = path.join(root, '.dockerignore');
  const rules = existsSync(ignoreFile) ? dockerignore().add(readFileSync(ignoreFile, 'utf8')) : undefined;
  const alwaysSent = new Set([(options.dockerfile ?? 'Dockerfile').replace(/^\.\//, ''), '.dockerignore']);
  const pack = tar.pack(root, {
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
