/**
 * Crash safety of the embedded store: a child process ingests articles (one transaction each) and is
 * killed mid-way; the database must reopen, hold every article it reported committed, each one whole,
 * and no partial article; finishing the run must give the same graph as a clean run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dump } from './contract.ts';
import { KuzuStore } from './kuzu.ts';
import type { Subgraph } from './store.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'fixtures', 'crash-child.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const COUNT = 60;
const SIZE = 100;

interface Run {
  committed: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the child; `killAfter` commits, sends `signal` to it. */
function runChild(db: string, killAfter: number | null, signal: NodeJS.Signals = 'SIGKILL'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, db, String(COUNT), String(SIZE)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed: string[] = [];
    let buf = '';
    let stderr = '';
    let sent = false;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('committed ')) committed.push(line.slice(10));
        if (killAfter !== null && !sent && committed.length >= killAfter) {
          sent = true;
          p.kill(signal);
        }
      }
    });
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (c: string) => (stderr += c));
    p.on('error', reject);
    p.on('exit', (code, sig) => resolve({ committed, code, signal: sig, stderr }));
  });
}

async function inspect(db: string): Promise<Subgraph> {
  const s = await KuzuStore.open({ db, handleSignals: false });
  try {
    await s.init();
    return await dump(s);
  } finally {
    await s.close();
  }
}

function edgesPerArticle(g: Subgraph): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of g.edges) m.set(e.articleId, (m.get(e.articleId) ?? 0) + 1);
  return m;
}

function assertWhole(g: Subgraph, committed: string[]): void {
  const stored = g.nodes.filter((n) => n.label === 'Article').map((n) => n.id.replace(/^article:/, ''));
  // every article reported committed is there ...
  for (const id of committed) expect(stored).toContain(id);
  // ... each one whole, and no edge belongs to an article that is not stored (no partial article)
  const per = edgesPerArticle(g);
  for (const id of stored) expect(per.get(id), id).toBe(SIZE);
  for (const id of per.keys()) expect(stored).toContain(id);
}

describe('graph/kuzu crash safety', () => {
  it('survives SIGKILL mid-ingest: committed articles whole, none partial, re-run equals a clean run', async () => {
    const clean = path.join(dir, 'clean.kuzu');
    const cleanRun = await runChild(clean, null);
    expect(cleanRun.code, cleanRun.stderr).toBe(0);
    expect(cleanRun.committed).toHaveLength(COUNT);
    const reference = await inspect(clean);
    assertWhole(reference, cleanRun.committed);

    const db = path.join(dir, 'killed.kuzu');
    const killed = await runChild(db, 25, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.committed.length).toBeGreaterThanOrEqual(25);
    expect(killed.committed.length).toBeLessThan(COUNT);
    const afterKill = await inspect(db);
    assertWhole(afterKill, killed.committed);

    // Kill it again while it skips the stored articles and continues, then finish.
    const again = await runChild(db, killed.committed.length + 10, 'SIGKILL');
    assertWhole(await inspect(db), again.committed);
    const finish = await runChild(db, null);
    expect(finish.code, finish.stderr).toBe(0);
    expect(await inspect(db)).toEqual(reference);
  }, 300_000);

  it('closes the database on SIGTERM (no crash, reopens without recovery)', async () => {
    const db = path.join(dir, 'term.kuzu');
    const r = await runChild(db, 10, 'SIGTERM');
    expect(r.signal).toBe('SIGTERM');
    expect(r.stderr).not.toMatch(/Segmentation|core dumped/i);
    assertWhole(await inspect(db), r.committed);
  }, 120_000);
});
