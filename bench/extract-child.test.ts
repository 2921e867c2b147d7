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

  it('refuses a bad mode or count, naming the option', async () => {
    await expect(run(['--mode', 'gpu'])).rejects.toThrow(/--mode must be thread or pool/);
    await expect(run(['--articles', '0'])).rejects.toThrow(/--articles must be a positive integer/);
    await expect(run(['--mode', 'pool', '--transport', 'xml'])).rejects.toThrow(
      /--transport must be json or clone/,
    );
  });
});
