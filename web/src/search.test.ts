import { describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js';
import type { GraphNode } from './api-types.ts';
import { highlightParts, normalisePinyin, searchEntries } from './search.ts';
import { pinyinKeys, searchEntry } from '../server/search-index.ts';

const t2cn = OpenCC.Converter({ from: 't', to: 'cn' });
const node = (id: string, label: GraphNode['label'], name: string, aliases: string[] = []): GraphNode => ({
  id,
  label,
  name,
  aliases,
  props: {},
});
// Names as they appear in the seed articles (fixtures, not lexicons).
const entries = [
  searchEntry(node('official:赖晓智@430000', 'Official', '赖晓智', ['賴曉智']), 5),
  searchEntry(node('official:李晓明@430000', 'Official', '李晓明'), 9),
  searchEntry(node('region:430223', 'Region', '渌口区', ['淥口區', '渌口']), 7),
  searchEntry(node('region:430200', 'Region', '株洲市', ['株洲']), 20),
  searchEntry(
    node('enterprise:湖南时代华鑫新材料有限公司', 'Enterprise', '湖南时代华鑫新材料有限公司', ['时代华鑫']),
    3,
  ),
];
const first = (q: string): string | undefined => searchEntries(entries, q, t2cn)[0]?.entry.id;

describe('pinyin keys', () => {
  it('full pinyin without tones and initials', () => {
    expect(pinyinKeys('赖晓智')).toEqual({ py: 'laixiaozhi', initials: 'lxz' });
    expect(normalisePinyin('Lài Xiǎo Zhì')).toBe('laixiaozhi');
  });
});

describe('search', () => {
  it('finds by simplified and traditional characters', () => {
    expect(first('赖晓智')).toBe('official:赖晓智@430000');
    expect(first('賴曉智')).toBe('official:赖晓智@430000');
    expect(first('淥口區')).toBe('region:430223');
  });
  it('finds by full pinyin, with or without spaces, and by initials', () => {
    expect(first('lai xiao zhi')).toBe('official:赖晓智@430000');
    expect(first('laixiaozhi')).toBe('official:赖晓智@430000');
    expect(first('lxz')).toBe('official:赖晓智@430000');
    expect(first('zhuzhou')).toBe('region:430200');
  });
  it('finds by an alias (short form of an enterprise)', () => {
    expect(searchEntries(entries, '时代华鑫', t2cn)[0]).toMatchObject({
      entry: { id: 'enterprise:湖南时代华鑫新材料有限公司' },
    });
  });
  it('a partial name ranks the prefix match first, ties by degree', () => {
    const ids = searchEntries(entries, '晓', t2cn).map((h) => h.entry.id);
    expect(ids).toEqual(['official:李晓明@430000', 'official:赖晓智@430000']);
  });
  it('a single initial letter does not match everything, and nothing matches nothing', () => {
    expect(searchEntries(entries, 'l', t2cn).map((h) => h.via)).not.toContain('initials');
    expect(searchEntries(entries, '   ', t2cn)).toEqual([]);
    expect(searchEntries(entries, 'qqqq', t2cn)).toEqual([]);
  });
});

describe('highlightParts', () => {
  it('marks every surface form, longest first', () => {
    expect(highlightParts('渌口区委副书记、区长赖晓智说', ['赖晓智', '渌口区', '渌口'])).toEqual([
      { text: '渌口区', hit: true },
      { text: '委副书记、区长', hit: false },
      { text: '赖晓智', hit: true },
      { text: '说', hit: false },
    ]);
    expect(highlightParts('无关', ['赖晓智'])).toEqual([{ text: '无关', hit: false }]);
  });
});
