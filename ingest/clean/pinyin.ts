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

function isCjkBefore(text: string, pos: number): boolean {
  const c = text.charCodeAt(pos - 1);
  if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff))
    return true;
  if (c >= 0xdc00 && c <= 0xdfff && pos >= 2) {
    const h = text.charCodeAt(pos - 2);
    return h >= 0xd840 && h <= 0xd87f;
  }
  return false;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || c === 0xfc || LETTER_SET.has(c);
}
const LETTER_SET = new Set([...TONED].map((ch) => ch.charCodeAt(0)));

/**
 * Removes pinyin annotations after CJK characters; pure, returns the offset map. Annotations in a row
 * (`當(dāng)(yè)`, left when mojibake removal took the character between them) all go: an annotation that
 * directly follows a removed one counts as following its character.
 */
export function removePinyinAnnotations(text: string): Mapped {
  let p = text.indexOf(')');
  if (p < 0) return { text, starts: null, ends: null };
  const b = new MapBuilder(text);
  let last = 0;
  let removedEnd = -1;
  for (; p >= 0; p = text.indexOf(')', p + 1)) {
    // letters (and an optional tone digit) right before the `)`
    let q = p;
    if (q > 0 && text.charCodeAt(q - 1) >= 0x31 && text.charCodeAt(q - 1) <= 0x35) q--;
    while (q > 0 && p - q < 8 && isLetter(text.charCodeAt(q - 1))) q--;
    if (q === p || p - q > 8 || q < last) continue;
    const open = q > 0 && text.charCodeAt(q - 1) === 0x28;
    const at = open ? q - 1 : q;
    const syl = text.slice(q, p);
    if (!(at === removedEnd || isCjkBefore(text, at))) continue;
    if (!open && !HAS_TONE.test(syl)) continue;
    if (!isPinyinSyllable(syl)) continue;
    b.copy(last, at);
    b.drop(at, p + 1);
    last = removedEnd = p + 1;
  }
  b.copy(last, text.length);
  return b.finish();
}
