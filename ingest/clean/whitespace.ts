/**
 * Step 5: whitespace. One paragraph per line, no blank lines, no leading/trailing blanks; CRLF/CR -> LF;
 * any run of blanks inside a line (full-width space U+3000, NBSP, tabs, other Unicode spaces) -> one
 * ASCII space. A space between CJK characters is kept as one space (`戴 鹏 张思伟` stays separable: the
 * extractor decides what it means). Zero-width characters and BOMs are dropped.
 */
import { MapBuilder, type Mapped } from './offsets.ts';

function isBlank(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0b ||
    c === 0x0c ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f
  );
}

function isZeroWidth(c: number): boolean {
  return c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff;
}

/** Normalises whitespace; pure, returns the offset map. */
export function normalizeWhitespace(text: string): Mapped {
  const b = new MapBuilder(text);
  const n = text.length;
  let wroteLine = false;
  let pos = 0; // everything before pos has been copied, emitted or dropped
  let lineStart = 0;
  while (lineStart <= n) {
    // a line ends at LF, CR or CRLF
    let lineEnd = lineStart;
    while (lineEnd < n) {
      const c = text.charCodeAt(lineEnd);
      if (c === 0x0a || c === 0x0d) break;
      lineEnd++;
    }
    let s = lineStart;
    while (s < lineEnd && isSkippable(text.charCodeAt(s))) s++;
    let e = lineEnd;
    while (e > s && isSkippable(text.charCodeAt(e - 1))) e--;
    if (e > s) {
      if (wroteLine) {
        // one LF between paragraphs, mapped to the break right before this line
        const brEnd = lineStart;
        const brStart =
          text.charCodeAt(lineStart - 1) === 0x0a && text.charCodeAt(lineStart - 2) === 0x0d
            ? lineStart - 2
            : lineStart - 1;
        b.drop(pos, brStart);
        if (brEnd - brStart === 1 && text.charCodeAt(brStart) === 0x0a) b.copy(brStart, brEnd);
        else b.emitUnit('\n', brStart, brEnd);
        pos = brEnd;
      }
      b.drop(pos, s);
      let seg = s;
      for (let i = s; i < e; i++) {
        const c = text.charCodeAt(i);
        if (isZeroWidth(c)) {
          b.copy(seg, i);
          b.drop(i, i + 1);
          seg = i + 1;
        } else if (isBlank(c)) {
          let j = i + 1;
          while (j < e && isSkippable(text.charCodeAt(j))) j++;
          if (j - i > 1 || c !== 0x20) {
            b.copy(seg, i);
            b.emitUnit(' ', i, j);
            seg = j;
          }
          i = j - 1;
        }
      }
      b.copy(seg, e);
      pos = e;
      wroteLine = true;
    }
    if (lineEnd >= n) break;
    lineStart = lineEnd + 1;
    if (text.charCodeAt(lineEnd) === 0x0d && text.charCodeAt(lineStart) === 0x0a) lineStart++;
  }
  b.drop(pos, n);
  return b.finish();
}

function isSkippable(c: number): boolean {
  return isBlank(c) || isZeroWidth(c);
}
