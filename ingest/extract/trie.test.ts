import { describe, expect, it } from 'vitest';
import { CharTrie } from './trie.ts';

describe('CharTrie', () => {
  it('gets what was set, and nothing for prefixes without a value', () => {
    const t = new CharTrie<number>();
    t.set('株洲', 1);
    t.set('株洲市', 2);
    t.set('株', 3);
    expect(t.get('株洲')).toBe(1);
    expect(t.get('株洲市')).toBe(2);
    expect(t.get('株')).toBe(3);
    expect(t.get('株洲市委')).toBeUndefined();
    expect(t.get('')).toBeUndefined();
    t.set('株洲', 4);
    expect(t.get('株洲')).toBe(4);
    expect(t.size).toBe(3);
  });

  it('lists the keys starting at a position, shortest first, from minLen on', () => {
    const t = new CharTrie<string>();
    for (const k of ['株', '株洲', '株洲市', '洲市', '市委']) t.set(k, k);
    const out: number[] = [];
    const at = (text: string, i: number, min = 1) =>
      out.slice(0, t.matchesAt(text, i, out, min)).map((n) => [t.valueOf(n), t.lengthOf(n)]);
    expect(at('在株洲市委', 1)).toEqual([
      ['株', 1],
      ['株洲', 2],
      ['株洲市', 3],
    ]);
    expect(at('在株洲市委', 1, 2)).toEqual([
      ['株洲', 2],
      ['株洲市', 3],
    ]);
    expect(at('在株洲市委', 3)).toEqual([['市委', 2]]);
    expect(at('在株洲市委', 0)).toEqual([]);
    expect(at('株洲', 0)).toEqual([
      ['株', 1],
      ['株洲', 2],
    ]); // the text ends inside 株洲市
  });

  it('keeps every key through table growth (many keys sharing units)', () => {
    const t = new CharTrie<number>();
    const keys: string[] = [];
    for (let a = 0; a < 60; a++)
      for (let b = 0; b < 60; b++) keys.push(String.fromCharCode(0x4e00 + a, 0x4e00 + b, 0x5e02));
    keys.forEach((k, i) => t.set(k, i));
    keys.forEach((k, i) => expect(t.get(k)).toBe(i));
    expect(t.get(String.fromCharCode(0x4e00, 0x4e00))).toBeUndefined();
  });

  it('rejects an empty key', () => {
    expect(() => new CharTrie<number>().set('', 1)).toThrow(RangeError);
  });
});
