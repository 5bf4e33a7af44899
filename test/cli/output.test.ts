import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readManifest, readUnchanged, writeOutput } from '../../generator/src/output/folder.ts';

let root: string;
afterEach(() => rm(root, { recursive: true, force: true }));

describe('writeOutput', () => {
  it('replaces the folder whole, records every file in the manifest, and reuses unchanged files', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-out-'));
    const out = path.join(root, 'generated');
    await writeOutput(
      out,
      new Map([
        [
          '1.44',
          {
            inputKey: 'k1',
            files: new Map([
              ['a.js', 'A'],
              ['b.d.ts', 'B'],
            ]),
          },
        ],
        ['1.45', { inputKey: 'k2', files: new Map([['a.js', 'C']]) }],
      ]),
    );
    await writeOutput(out, new Map([['1.44', { inputKey: 'k1', files: new Map([['a.js', 'A2']]) }]]));
    expect(await readdir(out)).toEqual(['manifest.json', 'v1.44']);
    expect(await readFile(path.join(out, 'v1.44/a.js'), 'utf8')).toBe('A2');
    const manifest = await readManifest(out);
    expect(Object.keys(manifest!.versions['1.44'].files)).toEqual(['a.js']);
    expect(await readUnchanged(out, manifest, '1.44', 'k1')).toEqual(new Map([['a.js', 'A2']]));
    expect(await readUnchanged(out, manifest, '1.44', 'other-key')).toBeUndefined();
  });

  it('leaves the previous output whole and no staging folder when writing fails', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-out-'));
    const out = path.join(root, 'generated');
    await writeOutput(out, new Map([['1.44', { inputKey: 'k', files: new Map([['a.js', 'A']]) }]]));
    const broken = new Map([
      [
        '1.45',
        {
          inputKey: 'k',
          files: new Map([
            ['ok.js', 'x'],
            ['bad\0name.js', 'x'],
          ]),
        },
      ],
    ]);
    const failure = writeOutput(out, broken);
    await expect(failure).rejects.toThrow(TypeError);
    await expect(failure).rejects.toThrow('without null bytes');
    expect(await readdir(root)).toEqual(['generated']);
    expect(existsSync(path.join(out, 'v1.45'))).toBe(false);
    expect(await readFile(path.join(out, 'v1.44/a.js'), 'utf8')).toBe('A');
  });
});
