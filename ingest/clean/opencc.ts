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
 *   3. standard traditional -> simplified (TSPhrases, TSCharacters).
 * The tries are built once, at module load.
 */
import { Converter, Trie } from 'opencc-js';
import { from as fromDicts, to as toDicts } from 'opencc-js/preset';
import { compose, MapBuilder, type Mapped } from './offsets.ts';

export type TraditionalVariant = 't' | 'tw' | 'hk';

type DictGroups = readonly (readonly (string | readonly (readonly [string, string])[])[])[];

/** A dictionary trie plus a bitmap of the UTF-16 units that can start a key (a fast "no match" test). */
export interface FastTrie {
  trie: Trie;
  starts: Uint8Array;
}

/** Builds a trie from opencc-js dictionary groups (exported for tests and custom dictionaries). */
export function trieOf(groups: DictGroups | undefined): FastTrie {
  if (groups === undefined) throw new Error('[ingest/clean/opencc] missing opencc-js dictionary group');
  const trie = new Trie();
  const starts = new Uint8Array(65536);
  for (const g of groups) {
    trie.loadDictGroup(g);
    for (const d of g) {
      if (typeof d === 'string') {
        for (const entry of d.split('|')) if (entry.length > 0) starts[entry.charCodeAt(0)] = 1;
      } else {
        for (const [k] of d) if (k.length > 0) starts[k.charCodeAt(0)] = 1;
      }
    }
  }
  return { trie, starts };
}

const HK_REV = trieOf(fromDicts.hk);
const TW_REV = trieOf(fromDicts.tw);
const T2S = trieOf(toDicts.cn);

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
