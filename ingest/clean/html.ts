/**
 * Step 1: HTML remnants inside text.
 *
 * Articles copied from web pages keep bits of markup: `</p>`, `</span>`, `<br>`, entities (`&nbsp;`,
 * `&amp;`), tag tails whose `<` was eaten by an encoding accident (`?/p>`), and lines that are only an
 * image file name (`WechatIMG13.jpg`, `微信图片_20220330084110.jpg`). Tags are removed (block tags become
 * a line break), entities are decoded with parse5 (the real HTML parser, no hand-written table), and
 * image-name lines are dropped with their line break.
 */
import { parseFragment } from 'parse5';
import { MapBuilder, type Mapped } from './offsets.ts';

/** Elements that end a line wherever they appear (also used by the HTML reader). */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'p',
  'br',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'section',
  'article',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'hr',
]);

const IMAGE_EXT = '(?:jpe?g|png|gif|webp|bmp|tiff?|heic)';
/**
 * One alternation, scanned once:
 * 1 comment, 2 tag (3 = its name), 4 entity, 5 orphan closing-tag tail, 6 image-file-name line.
 */
const REMNANT = new RegExp(
  [
    '(<!--[\\s\\S]*?-->)',
    '(<\\/?([A-Za-z][A-Za-z0-9]*)(?:\\s[^<>\\n]*)?\\/?>)',
    '(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)',
    '((?<![A-Za-z0-9<])\\/(?:p|span|div|li|td|tr|a|b|i|em|strong|font|h[1-6])>)',
    `(^[ \\t\\u3000]*[\\w\\u3400-\\u9fff\\-.()（）]{1,80}(?: [\\w\\-.()]{1,20}){0,4}\\.${IMAGE_EXT}[ \\t\\u3000]*(?:\\n|$))`,
  ].join('|'),
  'gmi',
);

const entityCache = new Map<string, string>();

/** Decodes one entity such as `&nbsp;` or `&#x4e2d;` with parse5; unknown entities stay as written. */
export function decodeEntity(entity: string): string {
  let v = entityCache.get(entity);
  if (v !== undefined) return v;
  const frag = parseFragment(entity);
  const node = frag.childNodes[0];
  v = node !== undefined && node.nodeName === '#text' && 'value' in node ? node.value : entity;
  if (entityCache.size < 4096) entityCache.set(entity, v);
  return v;
}

/** Removes HTML remnants; pure, returns the text with its offset map. */
export function stripHtmlRemnants(text: string): Mapped {
  if (text.indexOf('<') < 0 && text.indexOf('&') < 0 && text.indexOf('/') < 0 && text.indexOf('.') < 0) {
    return { text, starts: null, ends: null };
  }
  const b = new MapBuilder(text);
  let last = 0;
  REMNANT.lastIndex = 0;
  for (let m = REMNANT.exec(text); m !== null; m = REMNANT.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    b.copy(last, start);
    last = end;
    if (m[2] !== undefined) {
      const name = (m[3] ?? '').toLowerCase();
      if (BLOCK_TAGS.has(name)) b.emit('\n', start, end);
      else b.drop(start, end);
    } else if (m[4] !== undefined) {
      const decoded = decodeEntity(m[4]);
      if (decoded === m[4]) b.copy(start, end);
      else b.emit(decoded, start, end);
    } else {
      // comment, orphan tag tail, image-name line: dropped
      b.drop(start, end);
    }
  }
  b.copy(last, text.length);
  return b.finish();
}
