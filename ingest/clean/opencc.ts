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

function trieOf(
  groups: readonly (readonly (string | readonly (readonly [string, string])[])[])[] | undefined,
): Trie {
  const t = new Trie();
  if (groups === undefined) throw new Error('[ingest/clean/opencc] missing opencc-js dictionary group');
  for (const g of groups) t.loadDictGroup(g);
  return t;
}

const HK_REV = trieOf(fromDicts.hk);
const TW_REV = trieOf(fromDicts.tw);
const T2S = trieOf(toDicts.cn);

/** Runs one trie over the text, recording for every output unit the input span it replaced. */
export function convertMapped(trie: Trie, text: string): Mapped {
  const b = new MapBuilder(text);
  const n = text.length;
  let pending = 0;
  for (let i = 0; i < n;) {
    const c = text.charCodeAt(i);
    // ASCII, Latin, punctuation and digits are never dictionary keys: skip them quickly.
    if (c < 0x2e80) {
      i++;
      continue;
    }
    const m = trie.matchPrefix(text, i);
    if (m === null) {
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      continue;
    }
    const v = m.value;
    if (v.length === m.end - i && text.startsWith(v, i)) {
      i = m.end;
      continue;
    }
    b.copy(pending, i);
    b.emit(v, i, m.end);
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

const toTrad: Record<TraditionalVariant, (s: string) => string> = {
  t: Converter({ from: 'cn', to: 't' }),
  tw: Converter({ from: 'cn', to: 'tw' }),
  hk: Converter({ from: 'cn', to: 'hk' }),
};

/** Simplified -> traditional (for the explorer's 简/繁 switch); OpenCC standard forms by default. */
export function toTraditional(s: string, variant: TraditionalVariant = 't'): string {
  return toTrad[variant](s);
}
