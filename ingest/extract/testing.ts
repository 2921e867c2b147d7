/** Test helper: a plain-text article as the reader would give it, for the extractor's tests. */
import type { RawArticle } from '../read.ts';

export function textArticle(text: string, id = 't'): RawArticle {
  return {
    id,
    path: `${id}.txt`,
    format: 'txt',
    encoding: 'utf-8',
    text,
    title: null,
    date: null,
    source: null,
    url: null,
  };
}
