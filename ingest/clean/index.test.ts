import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clean, STEPS, toSimplified } from './index.ts';
import { plausibility } from './mojibake.ts';

const SEEDS = join(import.meta.dirname, '../../../shared/corpus/seeds');
const seed = (prefix: string): string => {
  const f = readdirSync(SEEDS).find((n) => n.startsWith(prefix));
  if (f === undefined) throw new Error(`seed ${prefix} not found in ${SEEDS}`);
  return readFileSync(join(SEEDS, f), 'utf8');
};

function occurrences(text: string, word: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push(i);
  return out;
}

describe('clean() on the seeds', () => {
  const prefixes = ['000', '001', '002', '003', '004'];

  it.each(prefixes)('seed %s: no remnants, no garbage, one paragraph per line', (p) => {
    const c = clean(seed(p));
    expect(c.text).not.toMatch(/<\/?[a-z]+>|\/p>|&nbsp;|&amp;/);
    expect(c.text).not.toMatch(/[\u3400-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/);
    expect(c.text).not.toMatch(/\?!|[\ue000-\uf8ff\ufffd]|\.jpe?g/i);
    expect(c.text).not.toMatch(/\n\n|^\s|\s$| {2}/);
    // simplified: converting again changes nothing
    expect(toSimplified(c.text)).toBe(c.text);
    // what is left outside GB2312 are real rare characters of names and units, not mojibake
    const rare = [...c.text].filter((ch) => ch.charCodeAt(0) >= 0x80 && plausibility(ch.charCodeAt(0)) < 0);
    expect(rare.length).toBeLessThanOrEqual(2);
  });

  it.each(prefixes)('seed %s: offsets are in range and never go backwards', (p) => {
    const original = seed(p);
    const c = clean(original);
    let prev = 0;
    for (let i = 0; i < c.text.length; i++) {
      const [s, e] = c.toOriginal(i, i + 1);
      expect(s).toBeGreaterThanOrEqual(prev);
      expect(e).toBeGreaterThan(s);
      expect(e).toBeLessThanOrEqual(original.length);
      prev = s;
    }
  });

  it('seed 000: every 赖晓智 maps back to 賴曉智, or to the garbled run it was repaired from', () => {
    const original = seed('000');
    const c = clean(original);
    const found = occurrences(c.text, '赖晓智');
    const plain = occurrences(original, '賴曉智').length;
    const garbled = occurrences(original, '?!辟嚂灾钦f').length;
    expect(garbled).toBe(4);
    expect(found.length).toBe(plain + garbled);
    const surfaces = found.map((i) => original.slice(...c.toOriginal(i, i + 3)));
    expect(surfaces.filter((s) => s === '賴曉智').length).toBe(plain);
    expect(surfaces.filter((s) => s === '辟嚂灾钦').length).toBe(garbled);
    expect(c.text).toContain('举行升旗仪式?”赖晓智说,“特别是新年伊始');
  });

  it('seed 004: names, posts and slogans map back to their traditional surface forms', () => {
    const original = seed('004');
    const c = clean(original);
    const table: [string, string][] = [
      ['娄底市委书记邹文辉', '婁底市委書記鄒文輝'],
      ['张庆伟书记', '張慶偉書記'],
      // the span covers the annotations between the characters
      ['干部敢为、地方敢闯、企业敢干、群众敢首创', '干部敢為、地方敢闖、企業(yè)敢干、群眾敢首創'],
      ['株洲高新区', '株洲高新區'],
      ['刘智勇', '劉智勇'],
    ];
    for (const [simp, surface] of table) {
      const at = c.text.indexOf(simp);
      expect(at, simp).toBeGreaterThanOrEqual(0);
      expect(original.slice(...c.toOriginal(at, at + simp.length))).toBe(surface);
    }
    // speakers hidden in mojibake come out
    for (const said of [
      '”邹文辉表示',
      '”刘智勇说',
      '”曾梦龙说',
      '”肖雄杰说',
      '”黄力说道',
      '”谈及对敢为人先',
    ]) {
      expect(c.text).toContain(said);
    }
  });

  it('seed 002: annotated text maps back including the characters, not the readings', () => {
    const original = seed('002');
    const c = clean(original);
    const at = c.text.indexOf('湖北省委召开十二届十次全会');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(original.slice(...c.toOriginal(at, at + 6))).toBe('湖北省委召開');
    const [s, e] = c.toOriginal(at + 4, at + 6);
    expect(original.slice(s, e)).toBe('召開');
    expect(c.text).toContain('最早的人工智能技术它可能只是一个idea(点子)');
  });

  it('seed 001 (simplified, clean) only loses blank lines', () => {
    const original = seed('001');
    const c = clean(original);
    expect(c.text).toBe(
      original
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length > 0)
        .join('\n'),
    );
  });
});

describe('clean() edge cases', () => {
  it('empty and blank input', () => {
    expect(clean('').text).toBe('');
    expect(clean('').toOriginal(0, 0)).toEqual([0, 0]);
    expect(clean(' \n\u3000\n').text).toBe('');
  });

  it('composes all steps: HTML, mojibake, pinyin, simplification, whitespace', () => {
    const original =
      '<p>\u3000“激勵(lì)干部擔(dān)當(dāng)作為,&nbsp;升旗儀式?!辟嚂灾钦f</p>\n\n\nWechatIMG13.jpg\n';
    const c = clean(original);
    expect(c.text).toBe('“激励干部担当作为, 升旗仪式?”赖晓智说');
    const at = c.text.indexOf('担当');
    expect(original.slice(...c.toOriginal(at, at + 2))).toBe('擔(dān)當');
  });

  it('has five named steps in order', () => {
    expect(STEPS.map(([n]) => n)).toEqual(['html', 'mojibake', 'pinyin', 'simplify', 'whitespace']);
  });
});
