// The matrix page in a real browser (Debian's Chromium): it renders, filtering by resource and
// version range works, a parameter is found by name with its first engine, a renamed operation stays one
// row, and screenshots are kept as test artifacts.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';
import { newest, unreleased } from '../support/versions.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 600_000);
afterAll(() => browser?.close());

it('renders the grid and filters it by resource and version range', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(path.join(repoRoot, 'generated/reports/matrix.html')).href);
  await mkdir(artifacts, { recursive: true });
  const rows = page.locator('#grid tr');
  const all = (await rows.count()) - 1;
  expect(all).toBeGreaterThan(100);
  expect(await page.locator('#grid th.v').count()).toBe(33);

  await page.selectOption('#resource', 'volumes');
  const volumes = (await rows.count()) - 1;
  expect(volumes).toBeGreaterThan(3);
  expect(volumes).toBeLessThan(all);
  await expect.poll(() => page.locator('#count').textContent()).toBe(`${volumes} operations`);
  expect(await page.locator('#grid tr[data-resource]:not([data-resource="volumes"])').count()).toBe(0);

  await page.selectOption('#from', '1.41');
  await page.selectOption('#to', '1.42');
  expect(await page.locator('#grid th.v').allTextContents()).toEqual(['1.41 (20.10)', '1.42 (23.0)']);
  // VolumeUpdate appears in 1.42: its cell links to the diff that introduced it.
  const row = page.locator('#grid tr', { hasText: 'VolumeUpdate' });
  await expect.poll(() => row.locator('td.off').count()).toBe(1);
  expect(await row.locator('a').getAttribute('href')).toBe('diffs/v1.41-v1.42.html#put-volumes-name');

  await page.fill('#search', 'volumeupdate');
  expect((await rows.count()) - 1).toBe(1);
  await page.fill('#search', '');
  await page.selectOption('#resource', '');
  await page.selectOption('#from', '1.24');
  await page.selectOption('#to', newest);

  // The version headers name their engine releases in plain text; the development version is unreleased.
  expect(await page.locator('#grid th.v', { hasText: '1.41' }).textContent()).toBe('1.41 (20.10)');
  expect(await page.locator('#grid th.v').last().textContent()).toBe(unreleased.includes(newest) ? `${newest} unreleased` : newest);
  const release = (engine: string) =>
    page.locator('#releases tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${engine}$`) }) });
  expect(await release('29.1').locator('td').allTextContents()).toEqual(['29.1', '1.52', '1.44', 'refuses clients below API 1.44']);

  // A parameter is found by name, under its endpoint, with the first engine that has it.
  await page.fill('#search', 'platform');
  const platform = page.locator('#grid tr.field', { hasText: 'query.platform' }).filter({ hasText: 'since 1.41' });
  await expect.poll(() => platform.count()).toBeGreaterThan(0);
  const field = page.locator('#grid tr.endpoint:has-text("POST /containers/create") + tr.field', { hasText: 'query.platform' });
  expect(await field.locator('td.engine').textContent()).toBe('20.10');
  expect(await field.locator('td.off').count()).toBe(17);
  await page.screenshot({ path: path.join(artifacts, 'matrix-platform.png') });

  // The archive endpoint is one continuous row, its rename marked in 1.28.
  await page.fill('#search', 'ContainerGetArchive');
  expect((await rows.count()) - 1).toBe(1);
  const archive = page.locator('#grid tr.endpoint');
  expect(await archive.locator('td code').textContent()).toBe('GET /containers/{id}/archive');
  expect(await archive.locator('td.off').count()).toBe(0);
  expect(await archive.locator('td.renamed').getAttribute('title')).toBe('renamed ContainerGetArchive -> ContainerArchive');
  expect(
    await page
      .locator('#grid th.v')
      .nth(await archive.locator('td').evaluateAll((cells) => cells.findIndex((c) => c.classList.contains('renamed')) - 3))
      .textContent(),
  ).toBe('1.28 (17.04)');

  await page.fill('#search', '');
  await page.screenshot({ path: path.join(artifacts, 'matrix.png'), fullPage: false });
  expect(errors).toEqual([]);

  // The link target exists and names the operation.
  await page.goto(`${pathToFileURL(path.join(repoRoot, 'generated/reports/diffs/v1.41-v1.42.html')).href}#put-volumes-name`);
  expect(await page.locator('#put-volumes-name h2').textContent()).toBe('PUT /volumes/{name}');
  await page.close();
});
