import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPinned, sha256, SourceError, syncSources, type SourceList } from '../../generator/src/document/sources.ts';

let root: string;
afterEach(() => rm(root, { recursive: true, force: true }));

async function mirrorWith(files: Record<string, string | undefined>) {
  root = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-sources-'));
  const mirror = path.join(root, 'mirror');
  await mkdir(mirror);
  for (const [name, text] of Object.entries(files)) if (text !== undefined) await writeFile(path.join(mirror, name), text);
  return mirror;
}
const pin = (file: string, text: string) => ({
  file,
  format: 'swagger-2.0' as const,
  url: `http://127.0.0.1:9/${file}`,
  sha256: sha256(text),
});

describe('syncSources', () => {
  it('copies verified files from a mirror, and reads them back only while the hash holds', async () => {
    const mirror = await mirrorWith({ 'a.yaml': 'A', 'b.yaml': 'B' });
    const list: SourceList = { files: [pin('a.yaml', 'A'), pin('b.yaml', 'B')], engineReleases: [] };
    const dest = path.join(root, 'upstream');
    expect(await syncSources(list, mirror, dest)).toEqual(['a.yaml', 'b.yaml']);
    expect(await syncSources(list, mirror, dest)).toEqual([]);
    expect((await readPinned(list.files[0], dest)).toString()).toBe('A');
    await writeFile(path.join(dest, 'b.yaml'), 'tampered');
    await expect(readPinned(list.files[1], dest)).rejects.toThrow(/^b\.yaml: sha256 mismatch/);
  });

  it.each([
    { files: { 'a.yaml': 'A', 'b.yaml': 'not B' }, want: /^b\.yaml: sha256 mismatch for .*b\.yaml: expected / },
    { files: { 'a.yaml': 'A' }, want: /^b\.yaml: missing from mirror folder / },
  ])('fails naming the file ($want) and writes nothing', async ({ files, want }) => {
    const mirror = await mirrorWith(files);
    const dest = path.join(root, 'upstream');
    const list: SourceList = { files: [pin('a.yaml', 'A'), pin('b.yaml', 'B')], engineReleases: [] };
    const failure = syncSources(list, mirror, dest);
    await expect(failure).rejects.toThrow(SourceError);
    await expect(failure).rejects.toThrow(want);
    expect(existsSync(dest)).toBe(false);
    expect(await readdir(root)).toEqual(['mirror']);
  });

  it('names the file and URL when the download fails', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-sources-'));
    const list: SourceList = { files: [pin('a.yaml', 'A')], engineReleases: [] };
    const failure = syncSources(list, undefined, path.join(root, 'upstream'));
    await expect(failure).rejects.toThrow(SourceError);
    await expect(failure).rejects.toThrow('a.yaml: cannot download http://127.0.0.1:9/a.yaml');
    expect(await readdir(root)).toEqual([]);
  });
});
