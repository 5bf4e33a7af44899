// The committed API reports (api/v1.NN.md): each package carries its report as API.md; generate
// copies it into the API folder, and --check compares the two.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageDir, type Group } from './folder.js';

export const API_REPORT = 'API.md';

const reportFile = (apiDir: string, version: string) => path.join(apiDir, `v${version}.md`);

const readText = (file: string) => (existsSync(file) ? readFile(file, 'utf8') : Promise.resolve(undefined));

/** Writes the reports of `versions` that differ from what the folder holds; returns their files. */
export async function writeApiReports(packages: Map<string, Group>, apiDir: string, versions: string[]): Promise<string[]> {
  await mkdir(apiDir, { recursive: true });
  const files: string[] = [];
  for (const version of versions) {
    const text = packages.get(version)?.files.get(API_REPORT);
    const file = reportFile(apiDir, version);
    if (text !== undefined && (await readText(file)) !== text) await writeFile(file, text);
    files.push(file);
  }
  return files;
}

/** The report files in `apiDir` that differ from (or lack) the generated ones in `outDir`. */
export async function compareApiReports(outDir: string, apiDir: string, versions: string[]): Promise<string[]> {
  const differing: string[] = [];
  for (const version of versions) {
    const file = reportFile(apiDir, version);
    const [want, have] = await Promise.all([readText(path.join(outDir, packageDir(version), API_REPORT)), readText(file)]);
    if (want !== have) differing.push(file);
  }
  return differing;
}
