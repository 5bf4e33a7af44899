// The API reference of a version in a real browser (Debian's Chromium): linked from the reports index,
// it lists every method and type, the filter finds a method by name and a type by one of its fields,
// and a screenshot is kept as a test artifact.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 600_000);
afterAll(() => browser?.close());

it('is linked from the reports index and finds a method and a type by a field', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(path.join(repoRoot, 'generated/reports/index.html')).href);
  await page.click('a[href="../v1.44/reference.html"]');
  await expect.poll(() => page.title()).toBe('@dockerapi/v1.44: API reference');

  const table = await readFile(path.join(repoRoot, 'generated/v1.44/operations.js'), 'utf8');
  const methods = [...table.matchAll(/^ {2}(\w+): \{/gm)].length;
  expect(methods).toBeGreaterThan(100);
  expect(await page.locator('section.item[id]:not([id^="type-"])').count()).toBe(methods);
  const all = await page.locator('section.item').count();
  await expect.poll(() => page.locator('#count').textContent()).toBe(`${all} of ${all}`);

  await page.fill('#filter', 'containerinspect');
  const inspect = page.locator('#containerInspect');
  await expect.poll(() => inspect.isVisible()).toBe(true);
  expect(await inspect.locator('h3').textContent()).toMatch(/^containerInspect\(params\): Promise<.+>$/);
  expect(await inspect.textContent()).toContain('GET /containers/{id}/json');
  expect(await page.locator('#containerList').isVisible()).toBe(false);

  // A type is found by one of its fields, with the version that field came in.
  await page.fill('#filter', 'startinterval');
  const health = page.locator('#type-HealthConfig');
  await expect.poll(() => health.isVisible()).toBe(true);
  expect(await health.locator('tr', { hasText: 'StartInterval' }).textContent()).toContain('1.44');
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, 'reference-v1.44.png') });
  expect(errors).toEqual([]);
});
