// The reports index in a real browser (Debian's Chromium), opened from disk as a user would: any two
// versions diffed through the neighbouring diffs between them, each change with its change-log note,
// the matrix and the API references one click away, a search through every version. Plus its data,
// from the diffs and the change-log reconciliation, on a small pair.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDiff, Change } from '../../generator/src/reports/diff.ts';
import type { Reconciliation } from '../../generator/src/reports/reconcile.ts';
import { siteData, siteFiles } from '../../generator/src/reports/site.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';
import { launchChromium } from '../support/browser.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');
const reports = path.join(repoRoot, 'generated/reports');

describe('siteData', () => {
  const change = (subject: string, location: string, breaking = false): Change => ({
    subject,
    location,
    kind: 'parameter-added',
    names: [],
    detail: 'string',
    breaking,
  });
  const signal = change('POST /containers/{id}/stop', 'query.signal');
  const other = change('GET /info', 'response 200 .X', true);
  const diff: ApiDiff = { from: '1.41', to: '1.42', changes: [signal, other] };
  const note = (index: number, text: string) => ({ version: '1.42', index, text, endpoints: [], names: [] });
  const reconciliation: Reconciliation = {
    from: '1.41',
    to: '1.42',
    notes: [note(3, 'Stop takes a signal.'), note(7, 'Ping is faster.')],
    documented: [{ note: note(3, 'Stop takes a signal.'), changes: [{ change: signal, tiedBy: ['signal'] }], caveats: [] }],
    undocumented: [other],
    unmatched: [{ note: note(7, 'Ping is faster.'), reason: 'behaviour-only' }],
    fromPatches: [],
  };
  const matrix = { versions: ['1.41', '1.42', '1.43'], engines: { '1.41': ['20.10'], '1.42': ['23.0'] }, unreleased: ['1.43'] };

  it('ties each change to its notes, keeps the notes without a change, and labels versions by engine', () => {
    const data = siteData([diff], [reconciliation], matrix);
    expect(data.versions.map((v) => [v.label, v.released])).toEqual([
      ['1.41 (engine 20.10)', true],
      ['1.42 (engine 23.0)', true],
      ['1.43 (unreleased)', false],
    ]);
    const [step] = data.steps;
    expect(step.notes).toEqual(['Stop takes a signal.', 'Ping is faster.']);
    expect(step.changes.map((c) => [c.subject, c.notes, c.anchor])).toEqual([
      ['POST /containers/{id}/stop', [0], 'post-containers-id-stop'],
      ['GET /info', [], 'get-info'],
    ]);
    expect(step.untied).toEqual([{ note: 1, reason: 'behaviour-only' }]);
  });

  it('puts the data in the page as JSON no text in it can break out of', () => {
    const hostile = { ...reconciliation, notes: [note(3, '</script><script>alert(1)</script>'), note(7, 'x')] };
    const html = siteFiles(siteData([diff], [hostile], matrix), ['matrix.html']).get('index.html')!;
    const json = /<script type="application\/json" id="data">(.*)<\/script>/.exec(html)![1];
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json).steps[0].notes[0]).toBe('</script><script>alert(1)</script>');
  });
});

describe('the index page', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => errors.push(error.message));
  }, 600_000);
  afterAll(() => browser?.close());

  const open = (hash = '') => page.goto(`${pathToFileURL(path.join(reports, 'index.html')).href}${hash}`);
  const steps = () => page.locator('#changes section.step').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.step));
  const diffJson = async (name: string): Promise<ApiDiff> => JSON.parse(await readFile(path.join(reports, `diffs/${name}.json`), 'utf8'));

  it('diffs two versions that are not neighbours, every change of every step between them', async () => {
    await open('#from=1.40&to=1.44');
    expect(await steps()).toEqual(['v1.40-v1.41', 'v1.41-v1.42', 'v1.42-v1.43', 'v1.43-v1.44']);
    const names = ['v1.40-v1.41', 'v1.41-v1.42', 'v1.42-v1.43', 'v1.43-v1.44'];
    const all = (await Promise.all(names.map(diffJson))).flatMap((d) => d.changes);
    expect(await page.locator('#changes li.change').count()).toBe(all.length);
    const breaking = all.filter((c) => c.breaking).length;
    expect(await page.locator('#summary').textContent()).toBe(
      `${all.length} changes between v1.40 and v1.44, ${breaking} breaking for a client written against the older version`,
    );
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'reports-index-v1.40-v1.44.png') });
    await page.check('#breaking');
    expect(await page.locator('#changes li.change').count()).toBe(breaking);
    expect(await page.locator('#changes li.change:not(.breaking)').count()).toBe(0);
    await page.uncheck('#breaking');

    // Chosen the other way round (the target older than the engine), the same steps, with a warning.
    await page.selectOption('#from', '1.44');
    await page.selectOption('#to', '1.40');
    expect(await steps()).toEqual(names);
    expect(await page.locator('#changes .notice').textContent()).toMatch(/^v1\.40 is older than v1\.44/);
    expect(page.url()).toMatch(/#from=1\.44&to=1\.40$/);
  });

  it('shows each change with its change-log note, and the notes no spec change answers', async () => {
    await open('#from=1.41&to=1.42');
    const stop = page.locator('li.change', { hasText: 'query.signal' }).first();
    expect(await stop.locator('blockquote.note').textContent()).toMatch(
      /^`POST \/containers\/\{id\}\/stop` and `POST \/containers\/\{id\}\/restart` now accept a `signal`/,
    );
    const untied = page.locator('section[data-step="v1.41-v1.42"] .untied');
    expect(await untied.textContent()).toContain('`GET /system/df` can now be used concurrently');
    // A change's subject links to its section of the neighbouring diff's page.
    expect(await page.locator('.subject a', { hasText: 'POST /containers/{id}/stop' }).getAttribute('href')).toBe(
      'diffs/v1.41-v1.42.html#post-containers-id-stop',
    );
  });

  it('has the matrix and both API references one click away', async () => {
    await open('#from=1.41&to=1.51');
    expect(await page.locator('#reference-from').getAttribute('href')).toBe('../v1.41/reference.html');
    await page.click('#reference-to');
    await expect.poll(() => page.title()).toBe('@dockerapi/v1.51: API reference');
    // Opened without a choice: the two newest released versions.
    await open();
    const matrix = JSON.parse(await readFile(path.join(reports, 'matrix.json'), 'utf8'));
    const released = matrix.versions.filter((v: string) => !matrix.unreleased.includes(v));
    expect([await page.inputValue('#from'), await page.inputValue('#to')]).toEqual(released.slice(-2));
    await page.click('#matrix-link');
    await expect.poll(() => page.title()).toBe('Docker Engine API compatibility matrix');
  });

  it('searches every version, whatever two are chosen', async () => {
    await open('#from=1.50&to=1.51');
    await page.fill('#search', 'volumes/{name} put');
    const found = page.locator('#changes section.step');
    await expect.poll(() => steps()).toContain('v1.41-v1.42');
    expect(await found.first().locator('.subject').first().textContent()).toBe('PUT /volumes/{name}');
    expect(await page.locator('#summary').textContent()).toMatch(/^\d+ changes in every version for "volumes\/\{name\} put"/);
    await page.fill('#search', 'nosuchwordanywhere');
    expect(await page.locator('#changes li.change').count()).toBe(0);
    await page.fill('#search', '');
    expect(await steps()).toEqual(['v1.50-v1.51']);
    await page.screenshot({ path: path.join(artifacts, 'reports-index.png') });
    expect(errors).toEqual([]);
  });
});
