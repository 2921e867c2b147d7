import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  annotatePinyin,
  articleId,
  generateArticle,
  garbleRun,
  parseCorpusArgs,
  writeCorpus,
  type AnswerKey,
} from './corpus.ts';
import { loadDivisions } from './divisions.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCORE = fileURLToPath(new URL('../../shared/eval/score.mjs', import.meta.url));

describe('synthetic articles', () => {
  it('are deterministic for a seed and differ between seeds', () => {
    expect(generateArticle(7, 3)).toEqual(generateArticle(7, 3));
    expect(generateArticle(7, 3).text).not.toBe(generateArticle(8, 3).text);
    expect(articleId(7, 3)).toBe('syn-7-000003');
  });

  it('plant title chains whose holds use real divisions', () => {
    const div = loadDivisions();
    const areaNames = new Set([...div.byAreaCode.values()].map((a) => a.name));
    let chains = 0;
    for (let i = 0; i < 60; i++) {
      const a = generateArticle(3, i);
      if (a.traits.script !== 'simplified') continue;
      const lead = a.gold.official[0]!;
      // The lead official is introduced by a title chain right before the name.
      expect(a.text).toMatch(new RegExp(`(委书记|委副书记、[区县市]长)${lead}`));
      for (const [person, , place] of a.gold.holds) {
        expect(a.text).toContain(person as string);
        const places = Array.isArray(place) ? place : [place];
        if (places.some((p) => areaNames.has(p))) chains++;
      }
      // Every planted region, enterprise, project and slogan is written in the text.
      for (const type of ['region', 'enterprise', 'project', 'slogan'] as const) {
        for (const e of a.gold[type]) expect(a.text).toContain(Array.isArray(e) ? e[0] : e);
      }
    }
    expect(chains).toBeGreaterThan(20);
  });

  it('names people with real surnames', () => {
    const surnames = new Set(
      (
        JSON.parse(readFileSync(new URL('./data/surnames.json', import.meta.url), 'utf8')) as {
          surnames: [string, number][];
        }
      ).surnames.map((s) => s[0]),
    );
    const people = Array.from({ length: 30 }, (_, i) => generateArticle(5, i).gold).flatMap((g) => [
      ...g.official,
      ...g.person,
    ]);
    expect(people.length).toBeGreaterThan(100);
    for (const p of people) {
      expect(surnames.has(p[0]!)).toBe(true);
      expect(p.length).toBeGreaterThanOrEqual(2);
      expect(p.length).toBeLessThanOrEqual(3);
    }
  });

  it('mixes scripts and noise like the seeds', () => {
    const arts = Array.from({ length: 300 }, (_, i) => generateArticle(11, i));
    const trad = arts.filter((a) => a.traits.script !== 'simplified');
    expect(trad.length).toBeGreaterThan(60);
    expect(arts.some((a) => /[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/.test(a.text))).toBe(true);
    expect(arts.filter((a) => a.traits.mojibake > 0).length).toBeGreaterThan(30);
    expect(new Set(arts.map((a) => a.format))).toEqual(new Set(['txt', 'html', 'jsonl']));
    // answer keys stay simplified
    for (const a of trad) expect(a.gold.official.join('')).not.toMatch(/[書記區縣長説說]/);
  });
});

describe('noise functions', () => {
  it('garbleRun shifts GBK by one byte and the repair in the issue gives the text back', () => {
    const run = '。”李建国说';
    const g = garbleRun(run)!;
    expect(g.startsWith('?')).toBe(true);
    expect(g).not.toContain('李建国');
    // GBK-encode the garbled part, prepend the lost lead byte, decode again.
    const repaired = iconv.decode(
      Buffer.concat([Buffer.from([0xa1]), iconv.encode(g.slice(1), 'gbk')]),
      'gbk',
    );
    expect(repaired.startsWith('。”李建国')).toBe(true);
  });

  it('annotatePinyin adds the reading after each converted character only', () => {
    expect(annotatePinyin('召开会议', '召開會議')).toBe('召開(kāi)會(huì)議(yì)');
  });
});

describe('corpus on disk', () => {
  it('writes articles, a jsonl file and answer keys that score.mjs reads', () => {
    const out = mkdtempSync(join(tmpdir(), 'zt-corpus-'));
    const s = writeCorpus({ articles: 80, seed: 2, out });
    expect(s.articles).toBe(80);
    const files = readdirSync(join(out, 'articles'));
    expect(files).toContain('articles.jsonl');
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);
    const gold = readdirSync(join(out, 'gold'));
    expect(gold).toHaveLength(80);
    const key = JSON.parse(readFileSync(join(out, 'gold', gold[0]!), 'utf8')) as AnswerKey;
    expect(Object.keys(key)).toEqual([
      'doc',
      'official',
      'person',
      'region',
      'enterprise',
      'project',
      'slogan',
      'holds',
      'ignore',
    ]);
    // A perfect prediction scores 1 with the official scorer.
    const keys = gold.map((g) => JSON.parse(readFileSync(join(out, 'gold', g), 'utf8')) as AnswerKey);
    const preds = keys.map((k) =>
      JSON.stringify({
        doc: k.doc,
        official: k.official,
        person: k.person,
        region: k.region.map((e) => (Array.isArray(e) ? e[0]! : e)),
        enterprise: k.enterprise.map((e) => (Array.isArray(e) ? e[0]! : e)),
        project: k.project.map((e) => (Array.isArray(e) ? e[0]! : e)),
        slogan: k.slogan.map((e) => (Array.isArray(e) ? e[0]! : e)),
        holds: k.holds.map((h) => h.map((x) => (Array.isArray(x) ? x[0]! : x))),
      }),
    );
    const predFile = join(out, 'pred.jsonl');
    writeFileSync(predFile, preds.join('\n'));
    const score = execFileSync(process.execPath, [SCORE, predFile, join(out, 'gold')], { encoding: 'utf8' });
    expect(score).toContain('micro_f1=1.000 holds_f1=1.000');
  });

  it('the CLI parses its arguments and names the fix when --out is missing', () => {
    expect(parseCorpusArgs(['--articles', '5', '--seed', '9', '--out', 'x'])).toEqual({
      articles: 5,
      seed: 9,
      out: 'x',
    });
    expect(() => parseCorpusArgs(['--articles', '5'])).toThrow(/--out DIR is required/);
    expect(() => parseCorpusArgs(['--articles', '-1', '--out', 'x'])).toThrow(/--articles/);
    const out = mkdtempSync(join(tmpdir(), 'zt-corpus-cli-'));
    execFileSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['bench/corpus.ts', '--articles', '12', '--seed', '4', '--out', out],
      { cwd: ROOT },
    );
    expect(readdirSync(join(out, 'gold'))).toHaveLength(12);
  });
});
