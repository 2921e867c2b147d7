/**
 * The segmenter (@node-rs/jieba with its bundled dictionary) and a lookup into that dictionary, used as a
 * general lexicon of ordinary words (a short place name that is also a common word needs more evidence).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export interface Token {
  word: string;
  start: number;
  end: number;
}

let jieba: Jieba | null = null;
let words: Map<string, { freq: number; tag: string }> | null = null;

export function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Segments with HMM on, so unknown personal names come out as single tokens. */
export function cut(text: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  for (const word of segmenter().cut(text, true)) {
    out.push({ word, start: pos, end: pos + word.length });
    pos += word.length;
  }
  return out;
}

/** Tokens by start offset: a Map-like view (`get`/`has`) over the token list, without hashing. */
export class TokenIndex {
  private readonly at: Int32Array;
  constructor(
    readonly tokens: readonly Token[],
    length: number,
  ) {
    this.at = new Int32Array(length + 1);
    for (let k = 0; k < tokens.length; k++) this.at[tokens[k]!.start] = k + 1;
  }

  get(pos: number): Token | undefined {
    const k = pos >= 0 && pos < this.at.length ? this.at[pos]! : 0;
    return k === 0 ? undefined : this.tokens[k - 1];
  }

  has(pos: number): boolean {
    return pos >= 0 && pos < this.at.length && this.at[pos] !== 0;
  }
}

export function dictEntry(word: string): { freq: number; tag: string } | undefined {
  if (!words) {
    words = new Map();
    const text = Buffer.from(dict).toString('utf8');
    let pos = 0;
    while (pos < text.length) {
      const end = text.indexOf('\n', pos);
      const line = text.slice(pos, end < 0 ? text.length : end);
      pos = end < 0 ? text.length : end + 1;
      const a = line.indexOf(' ');
      const b = line.indexOf(' ', a + 1);
      if (a > 0 && b > a)
        words.set(line.slice(0, a), { freq: Number(line.slice(a + 1, b)), tag: line.slice(b + 1) });
    }
  }
  return words.get(word);
}

/** True when a word is an ordinary (non-place, non-name) word of the language, or a very frequent one. */
export function isCommonWord(word: string, maxFreq = 500): boolean {
  const e = dictEntry(word);
  if (!e) return false;
  if (!['ns', 'nr', 'nrt', 'nz', 'j'].includes(e.tag)) return true;
  return e.tag !== 'ns' && e.freq > maxFreq;
}
