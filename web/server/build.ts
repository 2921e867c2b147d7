/** Building the front end with Vite when web/dist is missing or older than its sources. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const log = (msg: string): void => void process.stderr.write(`[web] ${msg}\n`);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_DIR = join(REPO_ROOT, 'web');
export const DIST_DIR = join(WEB_DIR, 'dist');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const f of readdirSync(path))
    if (f !== 'dist' && f !== 'server') max = Math.max(max, newestMtime(join(path, f)));
  return max;
}

/** Builds web/dist with Vite when it is missing or older than web/src, web/index.html or the config. */
export async function ensureBuilt(force = false): Promise<void> {
  const index = join(DIST_DIR, 'index.html');
  const sources = Math.max(
    newestMtime(join(WEB_DIR, 'src')),
    newestMtime(join(WEB_DIR, 'index.html')),
    newestMtime(join(WEB_DIR, 'vite.config.ts')),
  );
  if (!force && existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('building the front end (vite build)…');
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), root: WEB_DIR, logLevel: 'warn' });
}
