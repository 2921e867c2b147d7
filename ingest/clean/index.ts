/**
 * clean(): the cleaning pipeline. Each step is a pure function `(text) => Mapped` (text + offset map)
 * exported from its own file; clean() composes them and their offset maps, so that any range of the
 * cleaned text maps back to the original decoded text (`Cleaned.toOriginal`).
 *
 * Order matters: HTML remnants first (entities may hide spaces and tags hide line breaks), then the
 * GBK mojibake (it must see the raw garbled bytes, including the pinyin tails it swallowed), then pinyin
 * annotations, then traditional -> simplified, then whitespace.
 */
import { stripHtmlRemnants } from './html.ts';
import { repairMojibake } from './mojibake.ts';
import { compose, identity, mapRange, type Mapped } from './offsets.ts';
import { simplifyMapped, type TraditionalVariant } from './opencc.ts';
import { removePinyinAnnotations } from './pinyin.ts';
import { normalizeWhitespace } from './whitespace.ts';

export { stripHtmlRemnants } from './html.ts';
export { repairMojibake } from './mojibake.ts';
export { removePinyinAnnotations } from './pinyin.ts';
export { simplifyMapped, toSimplified, toTraditional, type TraditionalVariant } from './opencc.ts';
export { normalizeWhitespace } from './whitespace.ts';
export { compose, mapRange, type Mapped } from './offsets.ts';

export interface Cleaned {
  /** Cleaned, simplified, one paragraph per line. */
  text: string;
  /** Cleaned offsets -> original offsets (end exclusive). */
  toOriginal(start: number, end: number): [number, number];
}

export interface CleanOptions {
  /** Which traditional variant to read: 'hk' (default; also right for generic and mainland text) or 'tw'. */
  variant?: TraditionalVariant;
}

export type CleanStep = (text: string) => Mapped;

/** The steps in order, exported so that tests and tools can run any prefix. */
export const STEPS: readonly (readonly [string, CleanStep])[] = [
  ['html', stripHtmlRemnants],
  ['mojibake', repairMojibake],
  ['pinyin', removePinyinAnnotations],
  ['simplify', (t: string) => simplifyMapped(t)],
  ['whitespace', normalizeWhitespace],
];

export function clean(original: string, opts: CleanOptions = {}): Cleaned {
  let m = identity(original);
  for (const [name, step] of STEPS) {
    const out =
      name === 'simplify' && opts.variant !== undefined ? simplifyMapped(m.text, opts.variant) : step(m.text);
    m = compose(m, out);
  }
  const final = m;
  const len = original.length;
  return {
    text: final.text,
    toOriginal: (start: number, end: number) => mapRange(final, len, start, end),
  };
}
