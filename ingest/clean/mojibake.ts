/**
 * Step 2: mojibake repair.
 *
 * What the seeds show (worked out on `儀式?!辟嚂灾钦f`): the text went through GBK, and the lead byte of a
 * double-byte character lost its high bit. `”` is GBK A1 B1; A1 became 0x21 `!`, so the decoder read the
 * rest one byte off: B1 D9 -> 辟, 87 95 -> 嚂, D4 D6 -> 灾, C7 D5 -> 钦, 66 -> `f`. Re-encoding the run as
 * GBK, restoring the high bit of the first byte and decoding again gives `”賴曉智說`:
 *   A1 B1 | D9 87 | 95 D4 | D6 C7 | D5 66  ->  ” 賴 曉 智 說
 * (The guess, UTF-8 with a lost E2 lead, does not fit these bytes; GBK with a stripped high bit
 * does, for every `?!` run in the seeds.) The misalignment ends where a trail byte falls in ASCII
 * (0x40–0x7E: it was read as a letter, `f` above), or where the decoder met an invalid pair and wrote a
 * single `?` for two bytes (`?!?/p>`: A1 B1 3C -> `!` `?` and the `<` of `</p>` is gone).
 *
 * The repair is general: a `!` (A1, the full-width punctuation row: quotes, 、。) or `#` (A3, full-width
 * forms) followed by double-byte characters is tried as a stripped lead byte; the repair is kept only if it decodes cleanly and reads as more plausible Chinese
 * than the garbled run (plausibility from the GBK layout itself: GB2312 level-1 characters are the 3,755
 * common ones; characters outside GB2312 after simplification, private-use characters and undecodable
 * bytes count against). Runs that cannot be repaired are dropped: private-use characters, and garbled
 * runs after a `?` that swallowed a lead byte (e.g. `因?yàn)樗俏覀冊斓模?`), so no garbage reaches the
 * extractor.
 */
import iconv from 'iconv-lite';
import { MapBuilder, type Mapped } from './offsets.ts';
import { pinyin } from 'pinyin-pro';
import { toSimplified } from './opencc.ts';

const CLASS_UNKNOWN = 127;
/** Plausibility weight of one UTF-16 unit, cached (Int8Array, no per-character allocation after warm-up). */
const weights = new Int8Array(65536).fill(CLASS_UNKNOWN);

function isPua(c: number): boolean {
  return c >= 0xe000 && c <= 0xf8ff;
}

/** GBK bytes of one character, or null if GBK cannot encode it. */
function gbkBytes(ch: string): Buffer | null {
  const b = iconv.encode(ch, 'gbk');
  if (b.length === 1 && b[0] === 0x3f && ch !== '?') return null;
  return b;
}

/**
 * +2 common hanzi (GB2312 level 1 once simplified) or full-width punctuation, 0 ASCII or level-2 hanzi,
 * -2 characters outside GB2312 after simplification (rare or garbled), -4 private use / replacement.
 */
export function plausibility(c: number): number {
  if (c < 0x80) return 0;
  const cached = weights[c]!;
  if (cached !== CLASS_UNKNOWN) return cached;
  let w: number;
  if (isPua(c) || c === 0xfffd) w = -4;
  else if (c >= 0xd800 && c <= 0xdfff) w = -2;
  else {
    const simp = toSimplified(String.fromCharCode(c));
    const b = gbkBytes(simp.length === 1 ? simp : String.fromCharCode(c));
    if (b === null || b.length !== 2) w = -2;
    else {
      const lead = b[0]!;
      const trail = b[1]!;
      if (trail < 0xa1) w = -2;
      else if (lead >= 0xa1 && lead <= 0xa3) w = 2;
      else if (lead >= 0xa4 && lead <= 0xa9) w = 0;
      else if (lead >= 0xb0 && lead <= 0xd7) w = 2;
      else if (lead >= 0xd8 && lead <= 0xf7) w = 0;
      else w = -2;
    }
  }
  weights[c] = w;
  return w;
}

function score(s: string): number {
  let t = 0;
  for (let i = 0; i < s.length; i++) t += plausibility(s.charCodeAt(i));
  return t;
}

function isStrippedLeadCandidate(c: number): boolean {
  // `!` = A1 (quotes, 、。 and other full-width punctuation), `#` = A3 (full-width forms ，！？：).
  // Other rows (kana, Greek, bopomofo, box drawing) would turn `?(笑)` into `?ㄐ)`: not tried.
  return c === 0x21 || c === 0x23;
}

function isDoubleByteChar(c: number): boolean {
  return c >= 0x80 && !(c >= 0xd800 && c <= 0xdfff);
}

interface Repair {
  /** End (exclusive) of the garbled run in the input. */
  end: number;
  chars: string[];
  /** For each output char: source span in the input. */
  from: number[];
  to: number[];
}

const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
/** An orphan pinyin tail (its `(` was swallowed with a lost byte pair): `mèng)`. Tone mark required. */
const PINYIN_TAIL = new RegExp(`^[a-zü${TONED}]{1,7}\\)`);
const HAS_TONE = new RegExp(`[${TONED}]`);
/** A full annotation `(gè)`. */
const PINYIN_ANNOT = new RegExp(`^\\([a-zü${TONED}]{1,7}\\)`);

function pinyinTailAt(text: string, j: number): string | null {
  const m = PINYIN_TAIL.exec(text.slice(j, j + 9));
  return m !== null && HAS_TONE.test(m[0]) ? m[0] : null;
}

function pinyinAnnotAt(text: string, j: number): string | null {
  if (text.charCodeAt(j) !== 0x28) return null;
  const m = PINYIN_ANNOT.exec(text.slice(j, j + 10));
  return m !== null && HAS_TONE.test(m[0]) ? m[0] : null;
}

const resolved = new Map<string, string | null>();

/**
 * The character with one known GBK byte and a known reading. The seeds' annotator only annotated
 * characters whose simplified form differs, so only such characters are accepted.
 */
export function resolveByPinyin(known: number, knownIsLead: boolean, syllable: string): string | null {
  const key = `${known}:${knownIsLead ? 'L' : 'T'}:${syllable}`;
  const hit = resolved.get(key);
  if (hit !== undefined) return hit;
  let found: string | null = null;
  const bytes = Buffer.alloc(2);
  for (let o = 0x40; o <= 0xfe && found === null; o++) {
    if (o === 0x7f) continue;
    if (knownIsLead) {
      bytes[0] = known;
      bytes[1] = o;
    } else {
      if (o < 0x81) continue;
      bytes[0] = o;
      bytes[1] = known;
    }
    const ch = iconv.decode(bytes, 'gbk');
    if (ch.length !== 1 || ch === '\ufffd' || isPua(ch.charCodeAt(0))) continue;
    if (toSimplified(ch) === ch) continue;
    const readings = pinyin(ch, { multiple: true, type: 'array' });
    if (readings.includes(syllable)) found = ch;
  }
  resolved.set(key, found);
  return found;
}

/** Whether the character (or its traditional/simplified form) has this reading. */
function readsAs(c: number, syllable: string): boolean {
  const ch = String.fromCharCode(c);
  return pinyin(ch, { multiple: true, type: 'array' }).includes(syllable);
}

/** Tries to undo a stripped high bit at `start` (an ASCII punctuation character). */
export function tryStrippedLead(text: string, start: number): Repair | null {
  const bytes: number[] = [text.charCodeAt(start) | 0x80];
  const src: number[] = [start];
  let j = start + 1;
  let lostPair = false;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (isDoubleByteChar(c)) {
      const b = gbkBytes(text[j]!);
      if (b === null || b.length !== 2) break;
      bytes.push(b[0]!, b[1]!);
      src.push(j, j);
      j++;
      if (bytes.length > 64) return null;
      continue;
    }
    if (c === 0x3f && bytes.length % 2 === 1) {
      lostPair = true;
      j++;
      break;
    }
    if (c >= 0x40 && c <= 0x7e && bytes.length % 2 === 1) {
      bytes.push(c);
      src.push(j);
      j++;
    }
    break;
  }
  const chars: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const pairs = bytes.length >> 1;
  for (let k = 0; k < pairs; k++) {
    const ch = iconv.decode(Buffer.from([bytes[2 * k]!, bytes[2 * k + 1]!]), 'gbk');
    if (ch.length !== 1 || ch === '\ufffd' || isPua(ch.charCodeAt(0))) return null;
    chars.push(ch);
    from.push(src[2 * k]!);
    to.push(src[2 * k + 1]! + 1);
  }
  const garbled = text.slice(start + 1, j);
  if (bytes.length % 2 === 1 && lostPair) {
    // The last lead byte lost its trail together with the next byte (the decoder wrote one `?`).
    const lead = bytes[bytes.length - 1]!;
    const tail = pinyinTailAt(text, j);
    const leadFrom = src[src.length - 1]!;
    if (tail !== null) {
      // `痹鴫?mèng)` : the `(` went with the trail; the reading says which character it was.
      const ch = resolveByPinyin(lead, true, tail.slice(0, -1));
      if (ch !== null) {
        chars.push(ch);
        from.push(leadFrom);
        to.push(j);
      }
      j += tail.length;
    } else if (lead === 0xa1 && quoteOpen(text, start)) {
      // `!?/p>` : a full-width punctuation lead at the end of a quoted paragraph: the closing quote.
      chars.push('\u201d');
      from.push(leadFrom);
      to.push(j);
    }
  }
  if (chars.length === 0) {
    // `!?` with no quote to close: a lost pair of punctuation, dropped
    return lostPair && bytes.length === 1 && bytes[0] === 0xa1 ? { end: j, chars, from, to } : null;
  }
  const repaired = chars.join('');
  if (chars.length > 1 && (score(repaired) <= score(garbled) || score(repaired) < chars.length)) return null;
  if (chars.length === 1 && plausibility(repaired.charCodeAt(0)) <= 0) return null;
  return { end: j, chars, from, to };
}

/** Whether a “ is open (unbalanced) on the line before `pos`. */
function quoteOpen(text: string, pos: number): boolean {
  let depth = 0;
  for (let i = pos - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) break;
    if (c === 0x201c) depth++;
    else if (c === 0x201d) depth--;
  }
  return depth > 0;
}

/**
 * Length of a garbled run starting at `start` (a `?` that stands for a lost byte pair, or the position
 * right after a repaired run), or 0 if the text there reads as normal text.
 *
 * After the `?` may come an orphan pinyin tail (`yàn)`: its `(` went with the lost pair) and more `?`.
 * Then double-byte characters up to where the decoder resynchronised: an ASCII letter (a trail byte read
 * as ASCII), or the next `?`. The run is garbage if it has implausible characters or ends in such a
 * resynchronisation; an annotation right after garbage belonged to a lost character and goes with it.
 * A `?` + tail followed by clean text (`?zhēng)先;`) loses only the `?` + tail.
 */
export function garbledRunAt(text: string, start: number): number {
  let j = start;
  let lost = false;
  /** Skips lost pairs (`?`) and their orphan tails; returns whether a tail was seen. */
  const skipLost = (): boolean => {
    let tail = false;
    while (text.charCodeAt(j) === 0x3f) {
      lost = true;
      j++;
      const t = pinyinTailAt(text, j);
      if (t !== null) {
        j += t.length;
        tail = true;
      } else if (text.charCodeAt(j) !== 0x3f) break;
    }
    return tail;
  };
  let lastSkipTail = skipLost();
  const head = j;
  const multi = head - start > 1;
  let garbageEnd = -1;
  let afterGarbage = start > 0 && !lost;
  for (;;) {
    let bad = 0;
    let chars = 0;
    let resync = false;
    let k = j;
    while (k < text.length) {
      const c = text.charCodeAt(k);
      if (isDoubleByteChar(c) && !isCjkPunct(c)) {
        if (plausibility(c) < 0) bad++;
        chars++;
        k++;
        continue;
      }
      if (chars > 0 && c >= 0x40 && c <= 0x7e) {
        resync = true;
        k++;
      }
      break;
    }
    // the run ends at the next lost pair, or with an annotation that does not fit its last character
    const nextLost = chars > 0 && text.charCodeAt(k) === 0x3f;
    // `?shù)亟?jīng)` : a character or two between two lost pairs that both swallowed a `(`
    if (nextLost && lastSkipTail && chars <= 4 && pinyinTailAt(text, k + 1) !== null) bad++;
    const annot = chars > 0 && !resync ? pinyinAnnotAt(text, k) : null;
    if (annot !== null && !readsAs(text.charCodeAt(k - 1), annot.slice(1, -1))) bad++;
    // Misaligned decoding yields short runs with rare characters, or ends in a resynchronising byte.
    // A long run of common characters is a real sentence (`质量?交办任务到职能部门如何刚性约束限期执行?`).
    const short = chars <= 12;
    const garbage =
      chars > 0 &&
      (bad * 3 >= chars ||
        (short &&
          (bad > 0 || ((resync || nextLost) && (lost || afterGarbage) && !(nextLost && !afterGarbage)))));
    if (!garbage) break;
    // garbage; also the annotations of the lost characters right after it
    j = k;
    for (let a = pinyinAnnotAt(text, j); a !== null; a = pinyinAnnotAt(text, j)) j += a.length;
    // a `?` right after garbage is one more lost pair
    const before = j;
    const tailAfter = skipLost();
    lastSkipTail = tailAfter;
    garbageEnd = j;
    // The decoder is aligned again after a resynchronising letter, or after a lost pair (it swallowed
    // an ASCII byte); after an annotation, or a lost pair followed by an orphan tail, it may not be.
    afterGarbage = j > before ? tailAfter : !resync;
  }
  if (garbageEnd > 0) return garbageEnd - start;
  if (multi) return head - start;
  if (lost) {
    const a = pinyinAnnotAt(text, head);
    if (a !== null) return head - start + a.length;
    if (head > start + 1) return head - start;
  }
  return 0;
}

function isCjkPunct(c: number): boolean {
  return (
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xff00 && c <= 0xff0f) ||
    c === 0x201c ||
    c === 0x201d ||
    c === 0x2018 ||
    c === 0x2019
  );
}

/** Repairs GBK byte-shift mojibake and drops what cannot be repaired; pure, returns the offset map. */
export function repairMojibake(text: string): Mapped {
  const b = new MapBuilder(text);
  let last = 0;
  const n = text.length;
  const emitRepair = (r: Repair): void => {
    for (let k = 0; k < r.chars.length; k++) b.emitUnit(r.chars[k]!, r.from[k]!, r.to[k]!);
    const done = r.to.length > 0 ? r.to[r.to.length - 1]! : r.end;
    b.drop(done, r.end);
    if (r.chars.length === 0) b.drop(r.end - 2, r.end);
    last = r.end;
    // what follows a repair with a lost pair may still be misaligned garbage
    const g = garbledRunAt(text, r.end);
    if (g > 0 && r.end > 0 && text.charCodeAt(r.end - 1) === 0x29) {
      b.drop(r.end, r.end + g);
      last = r.end + g;
    }
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isPua(c) || c === 0xfffd) {
      b.copy(last, i);
      b.drop(i, i + 1);
      last = i + 1;
      continue;
    }
    if (c === 0x3f) {
      // `?!辟嚂灾钦f`: the `?` stays (it is the sentence's end mark), the run after it is repaired
      const next = text.charCodeAt(i + 1);
      const after = text.charCodeAt(i + 2);
      if (isStrippedLeadCandidate(next) && i + 2 < n && (isDoubleByteChar(after) || after === 0x3f)) {
        const r = tryStrippedLead(text, i + 1);
        if (r !== null) {
          b.copy(last, i + 1);
          emitRepair(r);
          i = last - 1;
          continue;
        }
      }
      const len = garbledRunAt(text, i);
      if (len > 0) {
        b.copy(last, i);
        b.drop(i, i + len);
        last = i + len;
        i = last - 1;
      }
      continue;
    }
    if (
      c === 0x21 &&
      i + 1 < n &&
      isDoubleByteChar(text.charCodeAt(i + 1)) &&
      !isCjkPunct(text.charCodeAt(i + 1))
    ) {
      // `!` is A1 (the full-width punctuation row) with its high bit lost: try it after any double-byte
      // character too (other punctuation is only tried after a `?`, above, to keep commas cheap).
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0x0a;
      if (isDoubleByteChar(prev)) {
        const r = tryStrippedLead(text, i);
        if (r !== null) {
          b.copy(last, i);
          emitRepair(r);
          i = last - 1;
        }
      }
      continue;
    }
    if (c >= 0x40 && c <= 0x7e && text.charCodeAt(i + 1) === 0x28) {
      // `,F(xiàn)在`: a lone trail byte read as a letter, with the reading of its character after it
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0x20;
      const isWordChar = (x: number): boolean =>
        (x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a);
      const annot = isWordChar(prev) ? null : pinyinAnnotAt(text, i + 1);
      if (annot !== null) {
        const ch = resolveByPinyin(c, false, annot.slice(1, -1));
        b.copy(last, i);
        if (ch !== null) b.emitUnit(ch, i, i + 1);
        else b.drop(i, i + 1 + annot.length);
        last = ch !== null ? i + 1 : i + 1 + annot.length;
        i = last - 1;
      }
    }
  }
  b.copy(last, n);
  return b.finish();
}
