/**
 * Shared by web/e2e.test.ts and web/scale.ts: Debian's chromium through playwright-core, and the API
 * plus the built front end served on a free port of 127.0.0.1 for a given store.
 */
import { chromium, type Browser } from 'playwright-core';
import { openStore } from '../graph/index.ts';
import type { GraphStore } from '../graph/store.ts';
import { loadQueries } from '../queries/registry.ts';
import { buildApp } from './server/app.ts';
import { DIST_DIR, ensureBuilt } from './server/build.ts';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

export async function serveStore(
  store: GraphStore,
  opts: { overviewLimit?: number; layoutCacheDir?: string } = {},
): Promise<Served> {
  await ensureBuilt();
  const app = buildApp({ store: async () => store, queries: loadQueries(), staticDir: DIST_DIR, ...opts });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('[web/testing] the server has no TCP address');
  return { url: `http://127.0.0.1:${addr.port}/`, close: () => app.close() };
}

/** A Kùzu store at `db`, always embedded (tests must not write to the Neo4j that NEO4J_URI names). */
export async function openKuzu(db: string): Promise<GraphStore> {
  return openStore({ db });
}
