/**
 * Explorer at scale, in headless chromium (software GL): a synthetic graph is written to a Kùzu store
 * in a temp dir, served by the real API, and the page is measured:
 *   - API: time and size of the overview JSON;
 *   - time to first render (navigation start -> the graph drawn by sigma, API time included) and the
 *     part spent in the page (graphology graph + sigma indexation);
 *   - responsiveness while ForceAtlas2 runs in its worker (frames per second, longest frame gap);
 *   - frames per second while panning with the mouse (layout stopped).
 *
 *   npx tsx web/scale.ts [--nodes 20000] [--edges 60000] [--seconds 4] [--json FILE]
 * The benchmark suite may import `measureExplorer`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
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
  machine: { cores: number; memGB: number };
  storeWriteMs: number;
  apiGraphMs: number;
  apiGraphBytes: number;
  firstRenderMs: number;
  /** Building the graphology graph and sigma's first indexation, once the data has arrived. */
  graphBuildMs: number;
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

export async function measureExplorer(
  nodeCount: number,
  edgeCount: number,
  seconds = 4,
): Promise<ScaleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'zt-web-scale-'));
  const store = await openKuzu(join(dir, 'graph.kuzu'));
  const served = { close: async (): Promise<void> => undefined, url: '' };
  const browser = await launchChromium();
  try {
    const article = syntheticGraph(nodeCount, edgeCount);
    let t = performance.now();
    await store.writeArticles([article]);
    const storeWriteMs = performance.now() - t;
    Object.assign(served, await serveStore(store));

    t = performance.now();
    const res = await fetch(`${served.url}api/graph?limit=${nodeCount}`);
    const body = await res.text();
    const apiGraphMs = performance.now() - t;

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(served.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
    // First render: two animation frames after the graph is in sigma.
    const firstRenderMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))),
        ),
    );
    const graphBuildMs = Number(await page.evaluate('document.body.dataset.firstRenderMs'));
    const probe = (ms: number): Promise<{ fps: number; maxGap: number }> =>
      page.evaluate(`(${FRAME_PROBE})(${ms})`) as Promise<{ fps: number; maxGap: number }>;
    const during = await probe(seconds * 1000);
    await page.evaluate(() => window.__zt!.layout.kill());
    // Pan with the mouse while counting frames.
    const box = (await page.locator('#graph').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
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
      machine: { cores: cpus().length, memGB: Math.round(totalmem() / 2 ** 30) },
      storeWriteMs: Math.round(storeWriteMs),
      apiGraphMs: Math.round(apiGraphMs),
      apiGraphBytes: Buffer.byteLength(body),
      firstRenderMs: Math.round(firstRenderMs),
      graphBuildMs,
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
  const result = await measureExplorer(arg('--nodes', 20_000), arg('--edges', 60_000), arg('--seconds', 4));
  const i = process.argv.indexOf('--json');
  if (i >= 0 && process.argv[i + 1]) writeFileSync(process.argv[i + 1]!, JSON.stringify(result, null, 2));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
