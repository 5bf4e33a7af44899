// generated/reports/: a diff per consecutive pair of versions, the compatibility matrix, an index.
import { diffApis } from './diff.js';
import { buildMatrix } from './matrix.js';
import { diffHtml, diffMarkdown, diffName, indexHtml, matrixHtml, matrixMarkdown } from './report-render.js';
import type { ApiModel } from './pipeline.js';
import type { EngineRelease } from './sources.js';
import { compareVersions } from './versions.js';

export function buildReports(models: Map<string, ApiModel>, releases: EngineRelease[]): Map<string, string> {
  const files = new Map<string, string>();
  const versions = [...models.keys()].sort(compareVersions);
  const pairs = versions.slice(1).map((to, i) => [versions[i], to] as [string, string]);
  for (const [from, to] of pairs) {
    const diff = diffApis(from, models.get(from)!, to, models.get(to)!);
    const name = diffName(from, to);
    files.set(`diffs/${name}.json`, `${JSON.stringify(diff, null, 1)}\n`);
    files.set(`diffs/${name}.md`, diffMarkdown(diff));
    files.set(`diffs/${name}.html`, diffHtml(diff));
  }
  const matrix = buildMatrix(models, releases);
  files.set('matrix.json', `${JSON.stringify(matrix)}\n`);
  files.set('matrix.md', matrixMarkdown(matrix));
  files.set('matrix.html', matrixHtml(matrix));
  files.set('index.html', indexHtml(pairs, ['matrix.html', 'matrix.md', 'matrix.json']));
  return files;
}
