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
 * The repair is general: any ASCII punctuation character followed by double-byte characters is tried as a
 * stripped lead byte; the repair is kept only if it decodes cleanly and reads as more plausible Chinese
 * than the garbled run (plausibility from the GBK layout itself: GB2312 level-1 characters are the 3,755
 * common ones; characters outside GB2312 after simplification, private-use characters and undecodable
 * bytes count against). Runs that cannot be repaired are dropped: private-use characters, and garbled
 * runs after a `?` that swallowed a lead byte (e.g. `因?yàn)樗俏覀冊斓模?`), so no garbage reaches the
 * extractor.
 */
import iconv from 'iconv-lite';
import { MapBuilder, type Mapped } from './offsets.ts';
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
      else if (lead >= 0xa1 && lead <= 0xa9) w = 2;
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
  // ASCII punctuation whose |0x80 is a GBK lead byte; not '?' (a real question mark or a decoder's mark).
  return (
    (c >= 0x21 && c <= 0x2f) ||
    (c >= 0x3a && c <= 0x40 && c !== 0x3f) ||
    (c >= 0x5b && c <= 0x60) ||
    (c >= 0x7b && c <= 0x7e)
  );
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
    if (c === 0x3f) {
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
  if (bytes.length < 3) return null;
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
  if (bytes.length % 2 === 1 && lostPair && bytes[bytes.length - 1] === 0xa1) {
    // A full-width punctuation lead whose trail was lost with the next byte (`!?/p>`): in this position
    // (end of a quoted paragraph) it is the closing quote; restore it only if a quote is open.
    if (quoteOpen(text, start)) {
      chars.push('\u201d');
      from.push(src[src.length - 1]!);
      to.push(j);
    }
  }
  if (chars.length === 0) return null;
  const repaired = chars.join('');
  const garbled = text.slice(start + 1, j);
  if (score(repaired) <= score(garbled) || score(repaired) < chars.length) return null;
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

const PINYIN_TAIL = /^[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}\)/;

/**
 * Length of a garbled run starting at a `?` that stands for a lost byte pair, or 0 if the text after
 * the `?` reads as normal text. The run is: an orphan pinyin tail (`yàn)`, its `(` was swallowed), then
 * double-byte characters up to the resynchronising ASCII letter, or the next `?`.
 */
export function garbledRunAfterQuestionMark(text: string, q: number): number {
  let j = q + 1;
  const tail = PINYIN_TAIL.exec(text.slice(j, j + 9));
  let suspicious = tail !== null;
  if (tail !== null) j += tail[0].length;
  let bad = 0;
  let chars = 0;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x0a) break;
    if (isDoubleByteChar(c) && !isCjkPunct(c)) {
      const p = plausibility(c);
      if (p < 0) bad++;
      chars++;
      j++;
      continue;
    }
    if (c >= 0x40 && c <= 0x7e && chars > 0 && !(c === 0x28 || c === 0x29)) {
      j++; // the resynchronising trail byte, read as a letter
    } else if (c === 0x3f && chars > 0) {
      j++;
    } else if (isDoubleByteChar(c) && isCjkPunct(c) && chars === 0 && text.charCodeAt(j + 1) === 0x3f) {
      j += 2; // `?、?` : punctuation between two lost pairs
      suspicious = true;
      continue;
    }
    break;
  }
  if (bad > 0) suspicious = true;
  if (!suspicious) return 0;
  // A clean question followed by normal text: `嗎?老百姓` has no bad characters and no pinyin tail.
  return j - q;
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
      if (isStrippedLeadCandidate(next) && i + 2 < n && isDoubleByteChar(text.charCodeAt(i + 2))) {
        const r = tryStrippedLead(text, i + 1);
        if (r !== null) {
          b.copy(last, i + 1);
          for (let k = 0; k < r.chars.length; k++) b.emitUnit(r.chars[k]!, r.from[k]!, r.to[k]!);
          if (r.end > r.to[r.to.length - 1]!) b.drop(r.to[r.to.length - 1]!, r.end);
          last = r.end;
          i = r.end - 1;
          continue;
        }
      }
      const len = garbledRunAfterQuestionMark(text, i);
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
          for (let k = 0; k < r.chars.length; k++) b.emitUnit(r.chars[k]!, r.from[k]!, r.to[k]!);
          last = r.end;
          i = r.end - 1;
        }
      }
    }
  }
  b.copy(last, n);
  return b.finish();
}
