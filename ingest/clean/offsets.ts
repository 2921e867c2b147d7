/**
 * Offset maps for the cleaning steps.
 *
 * Every step turns an input string into an output string and says, for each output UTF-16 unit, which
 * span `[start, end)` of its input it came from. Maps are two Int32Arrays (no per-character objects);
 * `null` maps mean "identity" (the step changed nothing), so unchanged steps cost nothing to compose.
 */

export interface Mapped {
  /** The output text of the step. */
  text: string;
  /**
   * starts[i], ends[i]: the input span output unit i came from. null when output unit i is input unit i
   * (the step kept every position: nothing changed, or only same-length replacements).
   */
  starts: Int32Array | null;
  ends: Int32Array | null;
}

/** The identity step: same text, no maps. */
export function identity(text: string): Mapped {
  return { text, starts: null, ends: null };
}

/**
 * Builds an output string with its span maps. Steps call `copy` for kept input and `emit` for
 * replacements; consecutive kept input is joined lazily so that untouched text is not copied char by char.
 */
export class MapBuilder {
  private readonly src: string;
  private readonly parts: string[] = [];
  private starts: Int32Array = EMPTY;
  private ends: Int32Array = EMPTY;
  private len = 0;
  /** Until the first change, output == input prefix: no maps are written (most steps change nothing). */
  private changed = false;

  constructor(src: string) {
    this.src = src;
  }

  /** First change: allocate the maps and fill the identity prefix written so far. */
  private begin(): void {
    this.changed = true;
    const cap = Math.max(16, this.src.length + 16);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
    for (let i = 0; i < this.len; i++) {
      this.starts[i] = i;
      this.ends[i] = i + 1;
    }
  }

  private reserve(n: number): void {
    const need = this.len + n;
    if (need <= this.starts.length) return;
    let cap = Math.max(16, this.starts.length * 2);
    while (cap < need) cap *= 2;
    const s = new Int32Array(cap);
    s.set(this.starts.subarray(0, this.len));
    const e = new Int32Array(cap);
    e.set(this.ends.subarray(0, this.len));
    this.starts = s;
    this.ends = e;
  }

  /** Keep input[from, to) unchanged. */
  copy(from: number, to: number): void {
    if (to <= from) return;
    const n = to - from;
    if (this.changed) {
      this.reserve(n);
      const { starts, ends } = this;
      let k = this.len;
      for (let i = from; i < to; i++, k++) {
        starts[k] = i;
        ends[k] = i + 1;
      }
    }
    this.len += n;
    this.parts.push(from === 0 && to === this.src.length ? this.src : this.src.slice(from, to));
  }

  /**
   * Output `s` in place of input[from, to). Same length: unit i maps to from+i. Otherwise every output
   * unit maps to the whole span (the replaced text has no finer correspondence).
   */
  emit(s: string, from: number, to: number): void {
    if (!this.changed) this.begin();
    const n = s.length;
    if (n === 0) return;
    this.reserve(n);
    const { starts, ends } = this;
    let k = this.len;
    if (n === to - from) {
      for (let i = 0; i < n; i++, k++) {
        starts[k] = from + i;
        ends[k] = from + i + 1;
      }
    } else {
      for (let i = 0; i < n; i++, k++) {
        starts[k] = from;
        ends[k] = to;
      }
    }
    this.len = k;
    this.parts.push(s);
  }

  /** Output one unit `s` (length 1) that came from input[from, to). */
  emitUnit(s: string, from: number, to: number): void {
    if (!this.changed) this.begin();
    this.reserve(1);
    this.starts[this.len] = from;
    this.ends[this.len] = to;
    this.len++;
    this.parts.push(s);
  }

  /** Input[from, to) is dropped. */
  drop(from: number, to: number): void {
    if (to > from && !this.changed) this.begin();
  }

  finish(): Mapped {
    if (!this.changed) return identity(this.src);
    return {
      text: this.parts.length === 1 ? this.parts[0]! : this.parts.join(''),
      starts: this.starts.subarray(0, this.len),
      ends: this.ends.subarray(0, this.len),
    };
  }
}

const EMPTY = new Int32Array(0);

/** The composition of two steps: `first` maps A -> B, `second` maps B -> C; the result maps A -> C. */
export function compose(first: Mapped, second: Mapped): Mapped {
  if (second.starts === null || second.ends === null) {
    return { text: second.text, starts: first.starts, ends: first.ends };
  }
  if (first.starts === null || first.ends === null) return second;
  const n = second.text.length;
  const fs = first.starts;
  const fe = first.ends;
  const ss = second.starts;
  const se = second.ends;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const lastB = first.text.length;
  for (let i = 0; i < n; i++) {
    const b0 = ss[i]!;
    const b1 = se[i]!;
    const a0 = b0 < lastB ? fs[b0]! : originalEnd(first);
    starts[i] = a0;
    ends[i] = b1 > b0 ? fe[b1 - 1]! : a0;
  }
  return { text: second.text, starts, ends };
}

function originalEnd(m: Mapped): number {
  const e = m.ends;
  return e !== null && e.length > 0 ? e[e.length - 1]! : 0;
}

/**
 * Maps an output range back to the input: `[start, end)` of the output -> `[start, end)` of the input.
 * `inputLength` is used for an empty range at the very end.
 */
export function mapRange(m: Mapped, inputLength: number, start: number, end: number): [number, number] {
  const n = m.text.length;
  const s = Math.max(0, Math.min(start, n));
  const e = Math.max(s, Math.min(end, n));
  if (m.starts === null || m.ends === null) return [s, e];
  if (e > s) return [m.starts[s]!, m.ends[e - 1]!];
  const p = s < n ? m.starts[s]! : n > 0 ? m.ends[n - 1]! : inputLength;
  return [p, p];
}
