import { describe, expect, it } from 'vitest';
import { mapRange } from './offsets.ts';
import { isPinyinSyllable, removePinyinAnnotations } from './pinyin.ts';

describe('removePinyinAnnotations', () => {
  const cases: [string, string, string][] = [
    [
      'seed 002 opening',
      '本周,湖北省委召開(kāi)十二屆十次全會(huì),重點(diǎn)聚焦“激勵(lì)干部擔(dān)當(dāng)作為”這一主題。',
      '本周,湖北省委召開十二屆十次全會,重點聚焦“激勵干部擔當作為”這一主題。',
    ],
    [
      'seed 004 byline',
      '人物:省人大代表,長(zhǎng)沙市委副書(shū)記、湖南湘江新區(qū)(長(zhǎng)沙高新區(qū))黨工委書(shū)記',
      '人物:省人大代表,長沙市委副書記、湖南湘江新區(長沙高新區)黨工委書記',
    ],
    [
      'parenthesised Chinese stays (seed 000)',
      '參加株洲市委理論學習中心組(擴大)集中學習',
      '參加株洲市委理論學習中心組(擴大)集中學習',
    ],
    [
      'Latin capital in parentheses stays (seed 004)',
      '力爭(zhēng)成功申報(bào)保稅物流中心(B型)、跨境電商',
      '力爭成功申報保稅物流中心(B型)、跨境電商',
    ],
    [
      'idea(點子) is the reverse and stays (seed 002)',
      '它可能只是一個(gè)idea(點(diǎn)子),經(jīng)過',
      '它可能只是一個idea(點子),經過',
    ],
    [
      'a parenthesised phrase with its own annotations (seed 002)',
      '我們把(時(shí)間)壓縮到最低程度',
      '我們把(時間)壓縮到最低程度',
    ],
    ['a toneless valid syllable is an annotation', '召開(kai)會議', '召開會議'],
    ['a number-toned syllable is an annotation', '召開(kai1)會議', '召開會議'],
    ['Latin that is not pinyin stays', '參見附件(abc)說明', '參見附件(abc)說明'],
    ['uppercase stays', '發展(GDP)增長', '發展(GDP)增長'],
    ['after Latin it stays', 'Pi(mó)', 'Pi(mó)'],
    ['orphan tail with a tone mark (its ( was eaten by mojibake)', '談及對duì)敢為人先', '談及對敢為人先'],
    ['orphan tail without a tone mark stays', '談及對dui)敢為人先', '談及對dui)敢為人先'],
    ['annotations in a row all go', '當(dāng)(yè)太難了', '當太難了'],
    ['annotation after an astral CJK character', '𠀀(qiū)好', '𠀀好'],
  ];
  it.each(cases)('%s', (_n, input, expected) => {
    expect(removePinyinAnnotations(input).text).toBe(expected);
  });

  it('maps a word back to its annotated original', () => {
    const input = '湖北省委召開(kāi)十二屆十次全會(huì)';
    const m = removePinyinAnnotations(input);
    const at = m.text.indexOf('全會');
    const [s, e] = mapRange(m, input.length, at, at + 2);
    expect(input.slice(s, e)).toBe('全會');
    const at2 = m.text.indexOf('召開十');
    const [s2, e2] = mapRange(m, input.length, at2, at2 + 3);
    expect(input.slice(s2, e2)).toBe('召開(kāi)十');
  });
});

describe('isPinyinSyllable', () => {
  it.each([
    ['kāi', true],
    ['zhǎng', true],
    ['lǜ', true],
    ['xiàn', true],
    ['er', true],
    ['ng', true],
    ['abc', false],
    ['idea', false],
    ['b', false],
  ] as const)('%s -> %s', (s, ok) => {
    expect(isPinyinSyllable(s)).toBe(ok);
  });
});
