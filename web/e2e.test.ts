/**
 * End to end in Debian's chromium (playwright-core): the seeds are ingested into a Kùzu store in a
 * temp dir, the built front end and the API are served on a free port, and the page is driven like
 * a user. Set ZT_SCREENSHOTS=1 to (re)write docs/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Graph from 'graphology';
import * as gexf from 'graphology-gexf';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphStore } from '../graph/store.ts';
import { REPO_ROOT } from './server/build.ts';
import { ingestIfEmpty } from './server/main.ts';
import { CHROMIUM_PATH, launchChromium, openKuzu, serveStore, type Served } from './testing.ts';

const SEEDS = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'seeds');
const SHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const shoot = process.env['ZT_SCREENSHOTS'] === '1';
const canRun = existsSync(CHROMIUM_PATH) && existsSync(SEEDS);

let dir: string;
let store: GraphStore | undefined;
let served: Served | undefined;
let browser: Browser | undefined;
let page: Page;

async function screenshot(name: string): Promise<void> {
  if (!shoot) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function search(text: string): Promise<void> {
  await page.fill('#search', '');
  await page.fill('#search', text);
  await page.waitForSelector('.suggestions li', { state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

describe.skipIf(!canRun)('explorer in chromium', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zt-web-e2e-'));
    store = await openKuzu(join(dir, 'graph.kuzu'));
    const n = await ingestIfEmpty(store, [SEEDS]);
    expect(n).toBeGreaterThan(0);
    served = await serveStore(store);
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await served?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads and the canvas draws the seed graph', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served!.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('body[data-index="true"]');
    const order = await page.evaluate(() => window.__zt!.graph.order);
    expect(order).toBeGreaterThan(30);
    // Drawn: sigma's own image export of the graph has ink, and the legend lists the types.
    await page.waitForFunction(() => window.__zt!.layout.status === 'idle', undefined, { timeout: 30_000 });
    const ink = await page.evaluate(() => window.__zt!.inkRatio());
    expect(ink).toBeGreaterThan(0.005);
    expect(await page.locator('.legend li[data-kind="Official"] .count').textContent()).toMatch(/^\d+$/);
    expect(errors).toEqual([]);
    await screenshot('overview');
  });

  it('clicking an edge (found by geometry, no GPU picking) opens its evidence', async () => {
    // The midpoint of a long edge, away from every node.
    const target = await page.evaluate(() => {
      const { renderer, graph } = window.__zt!;
      const at = (n: string): { x: number; y: number } =>
        renderer.framedGraphToViewport(renderer.getNodeDisplayData(n)!);
      const nodes = graph.nodes().map(at);
      const candidates = graph
        .edges()
        .map((e) => {
          const [a, b] = graph.extremities(e).map(at) as [{ x: number; y: number }, { x: number; y: number }];
          return { e, m: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, len: Math.hypot(a.x - b.x, a.y - b.y) };
        })
        .filter((c) => nodes.every((p) => Math.hypot(p.x - c.m.x, p.y - c.m.y) > 25))
        .sort((x, y) => y.len - x.len);
      return candidates[0] ?? null;
    });
    expect(target).not.toBeNull();
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.click(box.x + target!.m.x, box.y + target!.m.y);
    const shown = await page.locator('.panel [data-edge]').getAttribute('data-edge');
    expect(await page.evaluate((e) => window.__zt!.graph.hasEdge(e), shown!)).toBe(true);
    expect(await page.locator('.panel .rel').textContent()).toContain('→');
  });

  it('searching 賴曉智 (traditional) opens 赖晓智 with the post 区长 and its evidence', async () => {
    await search('賴曉智');
    await expect.poll(() => page.locator('.panel .entity-name').textContent()).toBe('赖晓智');
    const post = page.locator('.panel .post', { hasText: '区长' }).first();
    await post.waitFor();
    const sentence = await post.locator('blockquote.sentence').textContent();
    expect(sentence).toContain('区长');
    const marks = await post.locator('blockquote.sentence mark').allTextContents();
    expect(marks.some((m) => /赖晓智|賴曉智/.test(m))).toBe(true);
    expect(await page.locator('.panel .evidence').count()).toBeGreaterThan(0);
    await screenshot('entity-panel');
  });

  it('searching laixiaozhi (pinyin) opens the same panel, and the state is in the URL', async () => {
    await page.click('.panel .close');
    await page.waitForSelector('.panel', { state: 'hidden' });
    await search('laixiaozhi');
    await expect.poll(() => page.locator('.panel .entity-name').textContent()).toBe('赖晓智');
    expect(decodeURIComponent(new URL(page.url()).search)).toContain('e=official:赖晓智');
  });

  it('officials in a region for 株洲市 lists the Zhuzhou officials in the table', async () => {
    await page.click('[data-query="officials_in_region"] .query-title');
    await page.fill('#param-region', '株洲市');
    await page.click('[data-query="officials_in_region"] button.run');
    await page.waitForSelector('#tab-table:has-text("(")');
    await page.click('#tab-table');
    const table = await page.locator('table.results').textContent();
    // The Zhuzhou officials of the gold standard (../shared/eval/gold): at least three of four.
    const found = ['赖晓智', '曹慧泉', '周建光', '刘智勇'].filter((n) => table?.includes(n));
    expect(found.length, `found ${found.join(', ')}`).toBeGreaterThanOrEqual(3);
    expect(found).toContain('赖晓智');
    const search = decodeURIComponent(new URL(page.url()).search);
    expect(search).toContain('q=officials_in_region');
    expect(search).toContain('p.region=株洲市');
    await screenshot('query-table');
    await page.click('#tab-graph');
    await page.waitForFunction(() => window.__zt!.layout.status === 'idle', undefined, { timeout: 30_000 });
    await screenshot('query-graph');
  });

  it('a bad parameter is shown in words, naming the parameter', async () => {
    await page.fill('#param-limit', '0');
    await page.click('[data-query="officials_in_region"] button.run');
    const err = await page.locator('.query-form .error').textContent();
    expect(err).toContain('limit');
    expect(await page.locator('.param.bad #param-limit').count()).toBe(1);
    await page.fill('#param-limit', '500');
    await page.click('[data-query="officials_in_region"] button.run');
    await page.waitForSelector('.query-form .error', { state: 'detached' });
  });

  it('a GEXF export of the last query result downloads and parses', async () => {
    await page.selectOption('#export-scope', 'query');
    await page.selectOption('#export-format', 'gexf');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-btn')]);
    const path = join(dir, 'export.gexf');
    await download.saveAs(path);
    const text = readFileSync(path, 'utf8');
    const g = gexf.parse(Graph, text);
    expect(g.order).toBeGreaterThan(0);
    expect(text).toContain('officials_in_region');
  });

  it('English interface and traditional labels', async () => {
    await page.click('#lang-en');
    await page.click('#script-trad');
    await expect.poll(() => page.locator('header.top h1').textContent()).toContain('Zhengtu');
    expect(new URL(page.url()).search).toContain('script=trad');
    await page.click('#tab-graph');
    await search('賴曉智');
    await expect.poll(() => page.locator('.panel .entity-name').textContent()).toBe('賴曉智');
    await page.waitForFunction(() => window.__zt!.layout.status === 'idle', undefined, { timeout: 30_000 });
    await screenshot('english-traditional');
    await page.click('#lang-zh');
    await page.click('#script-simp');
  });
});
