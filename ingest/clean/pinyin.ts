/**
 * Step 3: injected pinyin annotations.
 *
 * Seeds 002 and 004 carry a reading after every character whose simplified form differs: `召開(kāi)`,
 * `全會(huì)`, `重點(diǎn)`. The annotation — a parenthesised lowercase Latin run that is pinyin (a tone-marked
 * vowel, or a valid toneless/number-toned syllable) directly after a CJK character — is removed and the
 * character kept. Legitimate parentheses stay: `(擴大)` and `(B型)` are not Latin lowercase pinyin,
 * `idea(點子)` has no CJK before it and Chinese inside. A tail whose `(` was eaten by mojibake (`對duì)`) is
 * removed too, but only with a tone mark, which no ordinary text has.
 */
import { MapBuilder, type Mapped } from './offsets.ts';

const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const LETTERS = `a-zü${TONED}`;
/** CJK char (BMP or astral) then `(pinyin)` or (orphan tail) `pinyin)`. */
const ANNOTATION = new RegExp(
  `(?<=[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]|[\\ud840-\\ud87f][\\udc00-\\udfff])(\\(?)([${LETTERS}]{1,7}[1-5]?)\\)`,
  'g',
);
const HAS_TONE = new RegExp(`[${TONED}]|[1-5]$`);

const INITIALS = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?';
const FINALS =
  '(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|üan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|üe|ve|vn|ün|a|o|e|i|u|v|ü)';
const SYLLABLE = new RegExp(`^${INITIALS}${FINALS}[1-5]?$`);
const STRIP_TONES: Record<string, string> = {};
for (const [plain, toned] of [
  ['a', 'āáǎà'],
  ['e', 'ēéěè'],
  ['i', 'īíǐì'],
  ['o', 'ōóǒò'],
  ['u', 'ūúǔù'],
  ['ü', 'ǖǘǚǜ'],
  ['n', 'ńňǹ'],
  ['m', 'ḿ'],
] as const) {
  for (const t of toned) STRIP_TONES[t] = plain;
}

/** Whether `s` (lowercase Latin, maybe tone-marked) is one pinyin syllable. */
export function isPinyinSyllable(s: string): boolean {
  let plain = '';
  for (const ch of s) plain += STRIP_TONES[ch] ?? ch;
  if (plain === 'n' || plain === 'ng' || plain === 'm' || plain === 'hm' || plain === 'hng') return true;
  return SYLLABLE.test(plain);
}

/** Removes pinyin annotations after CJK characters; pure, returns the offset map. */
export function removePinyinAnnotations(text: string): Mapped {
  if (text.indexOf(')') < 0) return { text, starts: null, ends: null };
  const b = new MapBuilder(text);
  let last = 0;
  ANNOTATION.lastIndex = 0;
  for (let m = ANNOTATION.exec(text); m !== null; m = ANNOTATION.exec(text)) {
    const open = m[1] === '(';
    const syl = m[2]!;
    const toned = HAS_TONE.test(syl);
    if (!isPinyinSyllable(syl)) continue;
    if (!open && !toned) continue;
    b.copy(last, m.index);
    b.drop(m.index, m.index + m[0].length);
    last = m.index + m[0].length;
  }
  b.copy(last, text.length);
  return b.finish();
}
