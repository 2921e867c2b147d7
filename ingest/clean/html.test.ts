import { describe, expect, it } from 'vitest';
import { decodeEntity, stripHtmlRemnants } from './html.ts';
import { mapRange } from './offsets.ts';

describe('stripHtmlRemnants', () => {
  // Real lines of the seeds (002, 004) and general markup.
  const cases: [string, string, string][] = [
    [
      'closing span inside a sentence (seed 002)',
      '也算是臨危受命,當時國內並沒有任何圖紙可以給我們參考。</span>更是因為它代表了一種精神',
      '也算是臨危受命,當時國內並沒有任何圖紙可以給我們參考。更是因為它代表了一種精神',
    ],
    [
      'tail of a closing tag whose < was eaten (seed 000)',
      '實現經濟發展量質齊增?!?/p>',
      '實現經濟發展量質齊增?!?',
    ],
    ['block tags become line breaks', '<p>第一段</p><p>第二段</p>', '\n第一段\n\n第二段\n'],
    ['br becomes a line break', '株洲市<br>淥口區<br/>', '株洲市\n淥口區\n'],
    ['inline tags vanish', '<span class="a">賴曉智</span>說', '賴曉智說'],
    ['entities are decoded', '長株潭&nbsp;&amp;&lt;新區&gt;&#x4e2d;&#20013;', '長株潭\u00a0&<新區>中中'],
    ['unknown entities stay', 'A&bogus;B', 'A&bogus;B'],
    ['comments vanish', '前<!-- 注释 -->後', '前後'],
    [
      'image name line (seed 004)',
      '關鍵詞:鼓勵支持、賦能容錯\n\nWechatIMG508.jpg\n\n省政協委員',
      '關鍵詞:鼓勵支持、賦能容錯\n\n\n省政協委員',
    ],
    [
      'image name line with spaces (seed 004)',
      '敢干事\n\nWechatIMG104 1 1.jpg\n\n2022年',
      '敢干事\n\n\n2022年',
    ],
    [
      'Chinese image name line (seed 004)',
      '—分享—\n\n微信圖片_20220330084110.jpg\n\n“敢”',
      '—分享—\n\n\n“敢”',
    ],
    ['upper-case extension (seed 004)', '不新區\n\nqplee_7966.JPG\n\n“在', '不新區\n\n\n“在'],
    ['digits-only image name (seed 004)', '不放松\n\n8.jpg\n\n錨定', '不放松\n\n\n錨定'],
    [
      'a URL line is not an image line',
      '本文鏈接:http://example.com/a.html',
      '本文鏈接:http://example.com/a.html',
    ],
    [
      'a sentence mentioning a file keeps it',
      '他發來一張照片 a.jpg,很清楚。',
      '他發來一張照片 a.jpg,很清楚。',
    ],
    ['plain text is untouched', '株洲高新區(天元區)自9月開展主題教育', '株洲高新區(天元區)自9月開展主題教育'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(stripHtmlRemnants(input).text).toBe(expected);
  });

  it('keeps offsets: text after a removed tag maps to its original place', () => {
    const input = '<b>賴曉智</b>說';
    const m = stripHtmlRemnants(input);
    const at = m.text.indexOf('說');
    const [s, e] = mapRange(m, input.length, at, at + 1);
    expect(input.slice(s, e)).toBe('說');
    const [s2, e2] = mapRange(m, input.length, 0, 3);
    expect(input.slice(s2, e2)).toBe('賴曉智');
  });

  it('decodes entities with parse5', () => {
    expect(decodeEntity('&quot;')).toBe('"');
    expect(decodeEntity('&#12288;')).toBe('\u3000');
  });
});
