import { describe, expect, it } from 'vitest';
import { mapRange } from './offsets.ts';
import { normalizeWhitespace } from './whitespace.ts';

describe('normalizeWhitespace', () => {
  const cases: [string, string, string][] = [
    ['names separated by spaces stay separable (seed 001)', '戴 鹏 张思伟 张弥郁', '戴 鹏 张思伟 张弥郁'],
    ['a run of spaces between names becomes one', '戴  鹏\u3000\u3000张思伟', '戴 鹏 张思伟'],
    [
      'indented paragraphs (seed 003)',
      '  坚持“一个统领” 做到“五个统筹”\n\n  结合党的二十大精神',
      '坚持“一个统领” 做到“五个统筹”\n结合党的二十大精神',
    ],
    [
      'full-width and no-break spaces',
      '\u3000\u3000株洲\u00a0\u00a0高新区\u2002天元区',
      '株洲 高新区 天元区',
    ],
    ['blank lines and trailing blanks collapse (seed 002 tail)', '项梦莹)\n\n\n\n\n\n', '项梦莹)'],
    ['CRLF and CR line ends', '第一段\r\n\r\n第二段\r第三段', '第一段\n第二段\n第三段'],
    ['zero-width characters vanish', '赖\u200b晓\ufeff智', '赖晓智'],
    ['tabs', '来源:\t大江网', '来源: 大江网'],
    ['already clean text', '株洲市委书记曹慧泉授课。\n第二段', '株洲市委书记曹慧泉授课。\n第二段'],
  ];
  it.each(cases)('%s', (_n, input, expected) => {
    expect(normalizeWhitespace(input).text).toBe(expected);
  });

  it('returns the identity for clean text', () => {
    expect(normalizeWhitespace('株洲\n天元').starts).toBeNull();
  });

  it('maps every output unit to an input unit of the same kind', () => {
    const input = '  坚持\u3000\u3000统领\r\n\r\n  结合 精神  ';
    const m = normalizeWhitespace(input);
    expect(m.text).toBe('坚持 统领\n结合 精神');
    for (let i = 0; i < m.text.length; i++) {
      const [s, e] = mapRange(m, input.length, i, i + 1);
      const src = input.slice(s, e);
      if (m.text[i] === ' ') expect(src.trim()).toBe('');
      else if (m.text[i] === '\n') expect(src).toMatch(/^\r?\n$/);
      else expect(src).toBe(m.text[i]);
    }
  });
});
