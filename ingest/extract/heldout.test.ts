/**
 * Held-out check: ten articles written for this test (never used to write a rule), with gold files made
 * before the extractor first ran on them (fixtures/heldout/, gold/). The extractor must keep the per-type
 * F1 it reaches; first run: micro 0.887, holds 0.579 (official 0.883, person 0.950, region 0.949,
 * enterprise 0.889, project 0.414, slogan 0.959).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyEvalRow, type EvalRow } from '../model.ts';
import { fixtureGolds, fixtureRows, scoreRows, type GoldFile, type ScoredType } from './testing.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'heldout');

/** The F1 reached on the held-out articles, per type: a drop below fails. */
const FLOORS: Record<ScoredType, number> = {
  official: 1.0,
  person: 1.0,
  region: 1.0,
  enterprise: 1.0,
  project: 0.92,
  slogan: 0.97,
  holds: 1.0,
};
const MICRO_FLOOR = 0.985;

const rows = (): Promise<EvalRow[]> => fixtureRows(DIR);
const golds = (): GoldFile[] => fixtureGolds(DIR);

describe('held-out articles', () => {
  it('every article has a gold file and a row', async () => {
    const r = await rows();
    expect(r.map((x) => x.doc).sort()).toEqual(golds().map((g) => g.doc));
  });

  it('keeps the per-type F1 it reached', async () => {
    const score = scoreRows(await rows(), golds());
    const f1 = Object.fromEntries(Object.entries(score.f1).map(([t, v]) => [t, Math.round(v * 1000) / 1000]));
    for (const [type, floor] of Object.entries(FLOORS)) {
      expect.soft(f1[type], `${type} F1; errors:\n${score.errors.join('\n')}`).toBeGreaterThanOrEqual(floor);
    }
    expect(score.micro).toBeGreaterThanOrEqual(MICRO_FLOOR);
  });
});

describe('scoreRows', () => {
  const gold: GoldFile = {
    doc: 'a.txt',
    official: ['王刚', ['李明', '李 明']],
    region: [['株洲市', '株洲']],
    holds: [['王刚', ['市委书记', '书记'], ['株洲市', '株洲']]],
    ignore: { region: ['中国'], holds: [['李明', '代表', '株洲市']] },
  };
  const row = (over: Partial<EvalRow>): EvalRow => ({ ...emptyEvalRow('a.txt'), ...over });

  it('matches spellings once, ignores the ignore lists, counts the rest', () => {
    const s = scoreRows(
      [
        row({
          official: ['王刚', '李明', '张三'],
          region: ['株洲', '株洲市', '中国'],
          holds: [
            ['王刚', '书记', '株洲'],
            ['李明', '代表', '株洲市'],
            ['李明', '市长', '株洲市'],
          ],
        }),
      ],
      [gold],
    );
    expect(s.counts.official).toEqual({ tp: 2, fp: 1, fn: 0 });
    // 株洲 and 株洲市 are one entry: the second is a false positive.
    expect(s.counts.region).toEqual({ tp: 1, fp: 1, fn: 0 });
    expect(s.counts.holds).toEqual({ tp: 1, fp: 1, fn: 0 });
    expect(s.f1.official).toBeCloseTo(0.8, 5);
    expect(s.errors).toContain('a.txt official false+: 张三');
  });

  it('a missing row misses everything; NFKC and spaces do not matter', () => {
    expect(scoreRows([], [gold]).counts.official).toEqual({ tp: 0, fp: 0, fn: 2 });
    expect(scoreRows([row({ official: ['王 刚', 'ＬＩ'] })], [gold]).counts.official).toEqual({
      tp: 1,
      fp: 1,
      fn: 1,
    });
  });
});
