import { describe, expect, it } from 'vitest';
import { generateArticles } from './corpus.ts';
import { run } from './extract-child.ts';

// The bench's extraction child measures; this checks that it extracts the articles it says it did,
// in both modes, and that it refuses bad arguments. It never asserts a timing.
describe('bench/extract-child', () => {
  const bytes = [...generateArticles(3, 6)].reduce((s, a) => s + Buffer.byteLength(a.text, 'utf8'), 0);

  it('extracts on this thread', async () => {
    const f = await run(['--articles', '6', '--seed', '3', '--mode', 'thread']);
    expect(f).toMatchObject({ mode: 'thread', workers: 0, articles: 6, failed: 0, bytes });
    expect(f.ms).toBeGreaterThan(0);
    expect(f.cpuMs).toBeGreaterThan(0);
  });

  it('extracts with a pool of workers', async () => {
    const f = await run(['--articles', '6', '--seed', '3', '--mode', 'pool', '--workers', '2']);
    expect(f).toMatchObject({ mode: 'pool', workers: 2, articles: 6, failed: 0, bytes, transport: 'json' });
    const c = await run(['--articles', '6', '--seed', '3', '--mode', 'pool', '--transport', 'clone']);
    expect(c).toMatchObject({ mode: 'pool', workers: 1, articles: 6, failed: 0, bytes, transport: 'clone' });
  }, 60_000);

  it('counts the CPU of worker processes, not of worker threads, beside its own', async () => {
    const args = ['--articles', '40', '--seed', '3', '--mode', 'pool', '--workers', '2'];
    const p = await run([...args, '--isolation', 'process']);
    expect(p).toMatchObject({ isolation: 'process', failed: 0 });
    expect(p.childrenCpuMs).toHaveLength(2);
    expect(p.treeCpuMs).toBeCloseTo(p.cpuMs + p.childrenCpuMs!.reduce((a, b) => a + b, 0), 6);
    const t = await run([...args, '--isolation', 'thread']);
    expect(t).toMatchObject({ isolation: 'thread', failed: 0, childrenCpuMs: [] });
    expect(t.treeCpuMs).toBe(t.cpuMs);
    const one = await run(['--articles', '6', '--seed', '3', '--mode', 'thread']);
    expect(one).toMatchObject({ isolation: null, childrenCpuMs: [] });
  }, 60_000);

  it('refuses a bad mode or count, naming the option', async () => {
    await expect(run(['--mode', 'gpu'])).rejects.toThrow(/--mode must be thread or pool/);
    await expect(run(['--articles', '0'])).rejects.toThrow(/--articles must be a positive integer/);
    await expect(run(['--mode', 'pool', '--transport', 'xml'])).rejects.toThrow(
      /--transport must be json or clone/,
    );
    await expect(run(['--mode', 'pool', '--isolation', 'vm'])).rejects.toThrow(
      /--isolation must be process or thread/,
    );
  });
});
