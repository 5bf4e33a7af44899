// The matrix lists the range packages: the engines each works with and the endpoints it keeps.
import { expect, it } from 'vitest';
import { rangeColumns, type Matrix } from '../../generator/src/reports/matrix.ts';
import { matrixHtml, matrixMarkdown } from '../../generator/src/reports/render.ts';
import type { ApiModel } from '../../generator/src/stages/index.ts';
import type { EngineRelease } from '../../generator/src/document/sources.ts';

const releases = [
  { engine: '20.10', minApi: '1.12', maxApi: '1.41' },
  { engine: '28.5', minApi: '1.24', maxApi: '1.51' },
  { engine: '29.1', minApi: '1.44', maxApi: '1.52' },
  { engine: '30.0', minApi: '1.52', maxApi: '1.60' },
] as EngineRelease[];

const model = (endpoints: [string, string][]) =>
  ({ operations: endpoints.map(([method, path]) => ({ method, path })), components: {} }) as unknown as ApiModel;

it('lists each range with the engines that accept one of its versions, and its endpoints', () => {
  const columns = rangeColumns(
    new Map([
      ['1.44-v1.52', model([['get', '/containers/json']])],
      [
        '1.41-v1.51',
        model([
          ['get', '/containers/json'],
          ['post', '/containers/create'],
        ]),
      ],
    ]),
    releases,
  );
  expect(columns).toEqual([
    {
      package: '@dockerapi/v1.41-v1.51',
      low: '1.41',
      high: '1.51',
      engines: ['20.10', '28.5', '29.1'],
      endpoints: ['GET /containers/json', 'POST /containers/create'],
    },
    {
      package: '@dockerapi/v1.44-v1.52',
      low: '1.44',
      high: '1.52',
      engines: ['28.5', '29.1', '30.0'],
      endpoints: ['GET /containers/json'],
    },
  ]);
  const matrix = {
    versions: ['1.41'],
    unreleased: [],
    engines: {},
    releases: [],
    operations: {},
    definitions: {},
    ranges: columns,
  } as Matrix;
  expect(matrixMarkdown(matrix)).toContain('| `@dockerapi/v1.41-v1.51` | 1.41 - 1.51 | 20.10 - 29.1 | 2 |');
  expect(matrixHtml(matrix)).toContain('<tr><td>@dockerapi/v1.44-v1.52</td><td>1.44 - 1.52</td><td>28.5 - 30.0</td><td>1</td></tr>');
  expect(matrixMarkdown({ ...matrix, ranges: undefined })).not.toContain('Range packages');
});
