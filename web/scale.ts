/**
 * Explorer at scale, in headless chromium (software GL, 1280x800): a synthetic graph is written to a
 * Kùzu store in a temp dir, served by the real API (overview of every node), and measured:
 *   - API: the first /api/graph (bulk read + ForceAtlas2 on the server + encoding: cold), then the
 *     cached one (warm), and the payload's size raw / gzip / brotli;
 *   - first render: navigation start -> the first frame sigma draws with the whole graph (API included);
 *   - interactive: navigation start -> the first frame that shows the result of a mouse drag issued as
 *     soon as the page says it is ready (the page has drawn the graph and handles input), once that
 *     frame is committed; then a name typed in the search box at that moment -> its suggestions;
 *   - ForceAtlas2 in its worker: iterations per second, and the page's frames meanwhile;
 *   - frames per second while panning with the mouse (layout stopped).
 *
 *   npx tsx web/scale.ts [--nodes 20000] [--edges 60000] [--seconds 4] [--json FILE] [--screenshot FILE.png]
 *                        [--trace FILE.json]   (a chromium trace from navigation to interactive)
 * The benchmark suite may import `measureExplorer`; it reads every numeric field of the result.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  NODE_LABELS,
  type ArticleGraph,
  type GraphEdge,
  type GraphNode,
  type NodeLabel,
} from '../ingest/model.ts';
import { launchChromium, openKuzu, serveStore } from './testing.ts';

export interface ScaleResult {
  nodes: number;
  edges: number;
  machine: { cores: number; memGB: number; load1: number };
  storeWriteMs: number;
  /** First /api/graph: bulk read, server layout, encoding. */
  apiGraphColdMs: number;
  /** /api/graph again (cached), brotli as a browser asks for it. */
  apiGraphMs: number;
  apiGraphBytes: number;
  apiGraphGzipBytes: number;
  apiGraphBrBytes: number;
  /** First /api/search-index (pinyin of every name), and its brotli size. */
  apiIndexColdMs: number;
  apiIndexBrBytes: number;
  firstRenderMs: number;
  /** Building the graphology graph and sigma's indexation in the page, once the data has arrived. */
  graphBuildMs: number;
  /** Navigation start -> the first frame showing a drag issued from page load committed (see INTERACTIVE_PROBE). */
  interactiveMs: number;
  /** The same frame at its animation-frame callback, before paint and commit (the earlier definition). */
  interactiveRafMs: number;
  /** Typing a name in the search box the moment the page is interactive -> the suggestions drawn. */
  searchMs: number;
  /** Where the start went (ms since navigation start), see TIMELINE_PROBE. */
  timeline: Record<string, number>;
  fa2ItPerSec: number;
  layoutFps: number;
  layoutMaxFrameGapMs: number;
  panFps: number;
  panMaxFrameGapMs: number;
}

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic graph with a skewed degree distribution (preferential attachment) and CJK names. */
export function syntheticGraph(nodeCount: number, edgeCount: number, seed = 1): ArticleGraph {
  const r = rng(seed);
  const kinds: NodeLabel[] = NODE_LABELS.filter((k) => k !== 'Article' && k !== 'Outlet');
  const han = (n: number): string =>
    Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(r() * 0x5000))).join('');
  const nodes: GraphNode[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const kind = kinds[Math.floor(r() * kinds.length)]!;
    nodes.push({
      id: `${kind.toLowerCase()}:syn${i}`,
      label: kind,
      name: han(2 + Math.floor(r() * 4)),
      aliases: [],
      props: {},
    });
  }
  const edges: GraphEdge[] = [];
  const ends: number[] = [];
  for (let i = 0; i < edgeCount; i++) {
    const s = Math.floor(r() * nodeCount);
    const t = ends.length && r() < 0.6 ? ends[Math.floor(r() * ends.length)]! : Math.floor(r() * nodeCount);
    if (s === t) continue;
    ends.push(s, t);
    edges.push({
      id: `syn-e${i}`,
      type: 'INVOLVED_WITH',
      source: nodes[s]!.id,
      target: nodes[t]!.id,
      articleId: 'synthetic',
      props: { verb: '调研' },
      evidence: null,
    });
  }
  return {
    article: {
      id: 'synthetic',
      path: 'synthetic',
      title: 'synthetic',
      date: null,
      source: null,
      url: null,
      hash: `syn-${nodeCount}-${edgeCount}-${seed}`,
    },
    nodes,
    edges,
  };
}

/**
 * Marks `data-interactive-at` once the first frame after the first camera move that follows
 * `data-ready` has been committed (`data-interactive-raf-at`: the same frame before it is painted,
 * the definition of earlier runs). A string: tsx would add helpers to a function that the page does
 * not have.
 */
const INTERACTIVE_PROBE = `document.addEventListener('DOMContentLoaded', () => {
  const obs = new MutationObserver(() => {
    const zt = window.__zt;
    if (!zt || document.body.dataset.ready !== 'true') return;
    obs.disconnect();
    window.addEventListener('mousemove', (e) => {
      performance.mark('zt:move-sent', { startTime: e.timeStamp });
      performance.mark('zt:move');
    }, { capture: true, once: true });
    zt.renderer.getCamera().once('updated', () => {
      performance.mark('zt:camera');
      // The frame that draws the move: its animation-frame callbacks run before it is painted and
      // committed; a task posted from there runs once the main thread has handed the frame over.
      requestAnimationFrame(() => {
        document.body.dataset.interactiveRafAt = String(performance.now());
        const ch = new MessageChannel();
        ch.port1.onmessage = () => (document.body.dataset.interactiveAt = String(performance.now()));
        ch.port2.postMessage(0);
      });
    });
  });
  obs.observe(document.body, { attributes: true, attributeFilter: ['data-ready'] });
});`;

/**
 * Where the start went, in ms since navigation start: the page's own marks (`zt:*`, see
 * web/src/main.ts), the HTML, the script and the /api/graph download (start, first byte, end).
 */
const TIMELINE_PROBE = `(() => {
  const out = {};
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) {
    out.htmlEnd = nav.responseEnd;
    out.domContentLoaded = nav.domContentLoadedEventEnd;
  }
  for (const r of performance.getEntriesByType('resource')) {
    const key = r.name.includes('/api/graph') ? 'graph' : r.name.endsWith('.js') ? 'js' : null;
    if (!key || out[key + 'Start'] !== undefined) continue;
    out[key + 'Start'] = r.startTime;
    out[key + 'FirstByte'] = r.responseStart;
    out[key + 'End'] = r.responseEnd;
  }
  for (const m of performance.getEntriesByType('mark'))
    if (m.name.startsWith('zt:')) out[m.name.slice(3)] = m.startTime;
  out.drawn = Number(document.body.dataset.drawnAt);
  out.interactive = Number(document.body.dataset.interactiveAt);
  out.interactiveRaf = Number(document.body.dataset.interactiveRafAt);
  for (const k of Object.keys(out)) out[k] = Math.round(out[k]);
  return out;
})()`;

/**
 * A search typed the moment the page is interactive: ms from focusing the box and typing `name` to
 * the suggestions drawn (the index loads on the box's focus when it has not come yet).
 */
const SEARCH_PROBE = `(name) => new Promise((resolve, reject) => {
  const input = document.getElementById('search');
  const list = document.querySelector('.suggestions');
  const t0 = performance.now();
  const done = () => {
    if (list.hidden || !list.querySelector('li')) return false;
    obs.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - t0));
    return true;
  };
  const obs = new MutationObserver(done);
  obs.observe(list, { childList: true, attributes: true });
  input.focus();
  input.value = name;
  input.dispatchEvent(new Event('input'));
  setTimeout(() => reject(new Error('[web/scale] no suggestion for ' + name + ' after 60 s')), 60000);
})`;

/** Counts frames for `ms` in the page (rAF), returning fps and the longest gap between frames. */
const FRAME_PROBE = `(ms) => new Promise((resolve) => {
  let frames = 0, last = performance.now(), maxGap = 0;
  const start = last;
  const tick = (t) => {
    frames++; maxGap = Math.max(maxGap, t - last); last = t;
    if (t - start < ms) requestAnimationFrame(tick); else resolve({ fps: frames * 1000 / (t - start), maxGap });
  };
  requestAnimationFrame(tick);
})`;

async function apiGet(
  url: string,
  encoding: string,
  path = 'api/graph',
): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  const res = await fetch(`${url}${path}`, { headers: { 'accept-encoding': encoding } });
  const body = await res.arrayBuffer();
  if (!res.ok) throw new Error(`[web/scale] /${path} answered ${res.status}`);
  const ms = performance.now() - t;
  return { ms, bytes: Number(res.headers.get('content-length') ?? body.byteLength) };
}

export async function measureExplorer(
  nodeCount: number,
  edgeCount: number,
  seconds = 4,
  screenshot?: string,
  trace?: string,
): Promise<ScaleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'zt-web-scale-'));
  const store = await openKuzu(join(dir, 'graph.kuzu'));
  const served = { close: async (): Promise<void> => undefined, url: '' };
  const browser = await launchChromium();
  try {
    const article = syntheticGraph(nodeCount, edgeCount);
    const t = performance.now();
    await store.writeArticles([article]);
    const storeWriteMs = performance.now() - t;
    Object.assign(
      served,
      await serveStore(store, { overviewLimit: nodeCount, layoutCacheDir: join(dir, 'layout') }),
    );

    const cold = await apiGet(served.url, 'identity');
    const raw = await apiGet(served.url, 'identity');
    const gz = await apiGet(served.url, 'gzip');
    const br = await apiGet(served.url, 'br');
    // The search index too, as a server started by npm start has it (prewarm): built while the page
    // loads, it would take the CPU from the page, and from the browser driver in this process.
    const index = await apiGet(served.url, 'br', 'api/search-index');

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Interactive: the first camera move drawn after the page says it is ready (graph drawn), while a
    // user drags the view from the moment the page appears.
    await page.addInitScript(INTERACTIVE_PROBE);
    if (trace) await browser.startTracing(page, { path: trace, screenshots: false });
    await page.goto(served.url, { waitUntil: 'domcontentloaded' });
    const box = (await page.locator('#graph').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    let dragged = false;
    const drag = (async (): Promise<void> => {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 0; !dragged; i++) await page.mouse.move(cx + (i % 2 ? 30 : -30), cy + (i % 3) * 10);
      await page.mouse.up();
    })().catch(() => undefined);
    try {
      await page.waitForSelector('body[data-interactive-at]', { timeout: 300_000 });
    } finally {
      dragged = true;
      await drag;
    }
    if (trace) await browser.stopTracing();
    const interactiveMs = Number(await page.evaluate('document.body.dataset.interactiveAt'));
    const interactiveRafMs = Number(await page.evaluate('document.body.dataset.interactiveRafAt'));
    // Search at once, as a user who starts by typing a name (the first node's, from the graph).
    const searchMs = Number(
      await page.evaluate(`(${SEARCH_PROBE})(${JSON.stringify(article.nodes[0]!.name)})`),
    );
    const firstRenderMs = Number(await page.evaluate('document.body.dataset.drawnAt'));
    const graphBuildMs = Number(await page.evaluate('document.body.dataset.firstRenderMs'));
    const timeline = (await page.evaluate(TIMELINE_PROBE)) as Record<string, number>;
    if (screenshot) await page.screenshot({ path: screenshot });

    const probe = (ms: number): Promise<{ fps: number; maxGap: number }> =>
      page.evaluate(`(${FRAME_PROBE})(${ms})`) as Promise<{ fps: number; maxGap: number }>;
    // ForceAtlas2 in its worker (started by hand: cached positions need none).
    const it0 = await page.evaluate(() => {
      window.__zt!.layout.start(600_000);
      return { it: window.__zt!.layout.iterations, t: performance.now() };
    });
    const during = await probe(seconds * 1000);
    const it1 = await page.evaluate(() => ({ it: window.__zt!.layout.iterations, t: performance.now() }));
    await page.evaluate(() => window.__zt!.layout.kill());
    // Pan with the mouse while counting frames.
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    const panning = probe(seconds * 1000);
    const t0 = Date.now();
    let i = 0;
    while (Date.now() - t0 < seconds * 1000) {
      i++;
      await page.mouse.move(cx + Math.sin(i / 10) * 200, cy + Math.cos(i / 13) * 120, { steps: 2 });
    }
    const pan = await panning;
    await page.mouse.up();
    return {
      nodes: nodeCount,
      edges: edgeCount,
      machine: {
        cores: cpus().length,
        memGB: Math.round(totalmem() / 2 ** 30),
        load1: Math.round(loadavg()[0]! * 10) / 10,
      },
      storeWriteMs: Math.round(storeWriteMs),
      apiGraphColdMs: Math.round(cold.ms),
      apiGraphMs: Math.round(br.ms),
      apiGraphBytes: raw.bytes,
      apiGraphGzipBytes: gz.bytes,
      apiGraphBrBytes: br.bytes,
      apiIndexColdMs: Math.round(index.ms),
      apiIndexBrBytes: index.bytes,
      firstRenderMs: Math.round(firstRenderMs),
      graphBuildMs,
      interactiveMs: Math.round(interactiveMs),
      interactiveRafMs: Math.round(interactiveRafMs),
      searchMs: Math.round(searchMs),
      timeline,
      fa2ItPerSec: Math.round(((it1.it - it0.it) / (it1.t - it0.t)) * 10_000) / 10,
      layoutFps: Math.round(during.fps * 10) / 10,
      layoutMaxFrameGapMs: Math.round(during.maxGap),
      panFps: Math.round(pan.fps * 10) / 10,
      panMaxFrameGapMs: Math.round(pan.maxGap),
    };
  } finally {
    await browser.close().catch(() => undefined);
    await served.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const shot = process.argv.indexOf('--screenshot');
  const result = await measureExplorer(
    arg('--nodes', 20_000),
    arg('--edges', 60_000),
    arg('--seconds', 4),
    shot >= 0 ? process.argv[shot + 1] : undefined,
    process.argv.includes('--trace') ? process.argv[process.argv.indexOf('--trace') + 1] : undefined,
  );
  const i = process.argv.indexOf('--json');
  if (i >= 0 && process.argv[i + 1]) writeFileSync(process.argv[i + 1]!, JSON.stringify(result, null, 2));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
