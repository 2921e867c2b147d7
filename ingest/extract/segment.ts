/**
 * The segmenter (@node-rs/jieba with its bundled dictionary) and a lookup into that dictionary, used as a
 * general lexicon of ordinary words (a short place name that is also a common word needs more evidence).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

export interface Token {
  word: string;
  start: number;
  end: number;
}

let jieba: Jieba | null = null;

/**
 * The bundled dictionary, read when needed and not kept (@node-rs/jieba/dict.js would keep it and its
 * 6 MB idf.txt in every thread for good).
 */
function dictText(): Buffer {
  return readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'));
}

export function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dictText());
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

/**
 * The dictionary's words with their frequency and tag packed in one number (freq × 64 + tag index):
 * 349k words, 44 MB of heap per thread as { freq, tag } objects, about half of that packed.
 */
let words: Map<string, number> | null = null;
const tags: string[] = [];
/** Entries that do not pack (a frequency that is not a small whole number). */
const unpacked = new Map<string, { freq: number; tag: string }>();
const TAG_BITS = 64;
const MAX_PACKED_FREQ = 2 ** 23;

function loadWords(): Map<string, number> {
  const map = new Map<string, number>();
  const tagIndex = new Map<string, number>();
  const text = dictText().toString('utf8');
  let pos = 0;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end < 0 ? text.length : end);
    pos = end < 0 ? text.length : end + 1;
    const a = line.indexOf(' ');
    const b = line.indexOf(' ', a + 1);
    if (!(a > 0 && b > a)) continue;
    const word = line.slice(0, a);
    const freq = Number(line.slice(a + 1, b));
    const tag = line.slice(b + 1);
    let t = tagIndex.get(tag);
    if (t === undefined && tags.length < TAG_BITS) {
      t = tags.length;
      tags.push(tag);
      tagIndex.set(tag, t);
    }
    // A later line of the same word wins, as Map.set did with objects.
    if (t !== undefined && Number.isInteger(freq) && freq >= 0 && freq < MAX_PACKED_FREQ) {
      map.set(word, freq * TAG_BITS + t);
      unpacked.delete(word);
    } else {
      map.delete(word);
      unpacked.set(word, { freq, tag });
    }
  }
  return map;
}

export function dictEntry(word: string): { freq: number; tag: string } | undefined {
  words ??= loadWords();
  const v = words.get(word);
  if (v === undefined) return unpacked.get(word);
  return { freq: Math.floor(v / TAG_BITS), tag: tags[v % TAG_BITS]! };
}

/** True when a word is an ordinary (non-place, non-name) word of the language, or a very frequent one. */
export function isCommonWord(word: string, maxFreq = 500): boolean {
  const e = dictEntry(word);
  if (!e) return false;
  if (!['ns', 'nr', 'nrt', 'nz', 'j'].includes(e.tag)) return true;
  return e.tag !== 'ns' && e.freq > maxFreq;
}
