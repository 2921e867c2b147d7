import { describe, expect, it } from 'vitest';
import { textArticle } from './testing.ts';
import { extractArticle, halfwidthPunctuation } from './index.ts';

type Triple = [string, string, string];

/**
 * Two officials in one sentence, each with a title chain of their own, in the forms news reports use
 * (joined by 和/与, listed with 、 or ，). Each official holds the titles written right before their name,
 * never the other official's name or the word that joins them.
 */
const TWO_OFFICIALS: [string, Triple[]][] = [
  [
    '3月1日,株洲市市长王刚和副市长李明来到渌口区调研。',
    [
      ['王刚', '市长', '株洲市'],
      ['李明', '副市长', '株洲市'],
    ],
  ],
  [
    '株洲市市委书记王刚与市长李明出席会议。',
    [
      ['王刚', '市委书记', '株洲市'],
      ['李明', '市长', '株洲市'],
    ],
  ],
  [
    '湖南省委常委、株洲市委书记王刚，株洲市委副书记、市长李明出席会议。',
    [
      ['王刚', '省委常委', '湖南省'],
      ['王刚', '市委书记', '株洲市'],
      ['李明', '市委副书记', '株洲市'],
      ['李明', '市长', '株洲市'],
    ],
  ],
  [
    '近日,株洲市召开全市经济工作会议,省委常委、市委书记王刚，市委副书记、市长李明出席会议。',
    [
      ['王刚', '省委常委', '湖南省'],
      ['王刚', '市委书记', '株洲市'],
      ['李明', '市委副书记', '株洲市'],
      ['李明', '市长', '株洲市'],
    ],
  ],
  [
    '株洲市委副书记、市长王刚与市委常委、副市长李明一行来到渌口区调研。',
    [
      ['王刚', '市委副书记', '株洲市'],
      ['王刚', '市长', '株洲市'],
      ['李明', '市委常委', '株洲市'],
      ['李明', '副市长', '株洲市'],
    ],
  ],
  [
    '株洲市委书记王刚、市长李明、渌口区委书记张伟出席会议。',
    [
      ['王刚', '市委书记', '株洲市'],
      ['李明', '市长', '株洲市'],
      ['张伟', '区委书记', '渌口区'],
    ],
  ],
  [
    '株洲市委书记王刚与渌口区委副书记、区长李明座谈。',
    [
      ['王刚', '市委书记', '株洲市'],
      ['李明', '区委副书记', '渌口区'],
      ['李明', '区长', '渌口区'],
    ],
  ],
  // 市长 after a district: the mayor of the district's city.
  [
    '渌口区委书记王刚和市长李明一同调研。',
    [
      ['王刚', '区委书记', '渌口区'],
      ['李明', '市长', '株洲市'],
    ],
  ],
];

/** Shared titles and carried places still work (a real chain of seed 000, in full-width punctuation). */
const ONE_OFFICIAL: [string, Triple[]][] = [
  [
    '1月28日，新春上班第一天，省人大代表，株洲市淥口區委副書記、區長賴曉智行程滿滿。',
    [
      ['赖晓智', '省人大代表', '湖南省'],
      ['赖晓智', '区委副书记', '渌口区'],
      ['赖晓智', '区长', '渌口区'],
    ],
  ],
  [
    '北京市委常委、市委书记王刚出席。',
    [
      ['王刚', '市委常委', '北京市'],
      ['王刚', '市委书记', '北京市'],
    ],
  ],
  // A province is no place for a 市 title: 市委书记 gets none here rather than 湖南省.
  ['湖南省委常委、市委书记王刚出席。', [['王刚', '省委常委', '湖南省']]],
];

describe('extractArticle: title chains of several officials', () => {
  it.each([...TWO_OFFICIALS, ...ONE_OFFICIAL])('%s', (sentence, expected) => {
    const { eval: row } = extractArticle(textArticle(sentence));
    expect(row.holds).toEqual(expect.arrayContaining(expected));
    expect(row.holds).toHaveLength(expected.length);
    expect(row.official).toEqual([...new Set(expected.map((t) => t[0]))]);
  });

  it('never puts a name or a conjunction into a title', () => {
    for (const [sentence] of TWO_OFFICIALS) {
      const { eval: row } = extractArticle(textArticle(sentence));
      for (const [, title] of row.holds) expect(title).not.toMatch(/王刚|李明|张伟|[和与、,，]/);
    }
  });
});

describe('halfwidthPunctuation', () => {
  it('maps full-width punctuation one for one and leaves the rest', () => {
    const s = '省委常委、市委书记王刚，市委副书记（代）：李明！Ａ１';
    const out = halfwidthPunctuation(s);
    expect(out).toBe('省委常委、市委书记王刚,市委副书记(代):李明!Ａ１');
    expect(out).toHaveLength(s.length);
  });
});
