import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { garbledRunAt, plausibility, repairMojibake, resolveByPinyin, tryStrippedLead } from './mojibake.ts';
import { mapRange } from './offsets.ts';

/** Characters that never belong in clean text: private use, replacement, rare/garbled (outside GB2312). */
function garbage(s: string): string[] {
  return [...s].filter((c) => c.charCodeAt(0) >= 0x80 && plausibility(c.charCodeAt(0)) < 0);
}

describe('repairMojibake: stripped high bit of a GBK lead byte', () => {
  // Exact seed lines; the repaired speaker names are real mentions.
  const cases: [string, string, string][] = [
    [
      'seed 000: 儀式?!辟嚂灾钦f',
      '“生活中需要儀式感,每年新春上班第一天我們都會舉行升旗儀式?!辟嚂灾钦f,“特別是新年伊始',
      '“生活中需要儀式感,每年新春上班第一天我們都會舉行升旗儀式?”賴曉智說,“特別是新年伊始',
    ],
    [
      'seed 000: 觸動更大?!辟嚂灾钦f',
      '“熟悉的人被查處,觸動更大?!辟嚂灾钦f,“對我們黨政領導干部而言',
      '“熟悉的人被查處,觸動更大?”賴曉智說,“對我們黨政領導干部而言',
    ],
    [
      'seed 000: closing quote before a lost </p> (quote open)',
      '賴曉智說:“學習的目的是為了抓好落實,實現經濟發展量質齊增?!?',
      '賴曉智說:“學習的目的是為了抓好落實,實現經濟發展量質齊增?”',
    ],
    ['no open quote: the lost pair is dropped', '實現經濟發展量質齊增?!?', '實現經濟發展量質齊增?'],
    [
      'seed 004: 鄒文輝',
      '實現了質(zhì)的有效提升和量的合理增長(zhǎng)?!编u文輝表示。',
      '實現了質(zhì)的有效提升和量的合理增長(zhǎng)?”鄒文輝表示。',
    ],
    [
      'seed 004: 劉智勇說',
      '體制機制改革?!眲⒅怯抡f,“這不是一般的改革',
      '體制機制改革?”劉智勇說,“這不是一般的改革',
    ],
    ['seed 004: 肖雄杰說', '為之奮斗的初心?!毙ば劢苷f。為了引進', '為之奮斗的初心?”肖雄杰說。為了引進'],
    ['seed 004: 黃力說道', '對干部的信任?!秉S力說道。', '對干部的信任?”黃力說道。'],
    [
      'seed 004: the trail and the ( went together; the reading mèng says 夢',
      '住不進新房?!痹鴫?mèng)龍說,他作為區委書記',
      '住不進新房?”曾夢龍說,他作為區委書記',
    ],
    [
      'seed 004: reading duì restores 對',
      '動力引擎的重要作用?!闭劶皩?duì)敢為人先的認識',
      '動力引擎的重要作用?”談及對敢為人先的認識',
    ],
    [
      'seed 004: a lone trail byte F with reading xiàn is 現',
      '從供地到產業幫扶都是大力支持?,F(xiàn)在,五江高科',
      '從供地到產業幫扶都是大力支持?,現(xiàn)在,五江高科',
    ],
  ];
  it.each(cases)('%s', (_n, input, expected) => {
    expect(repairMojibake(input).text).toBe(expected);
  });
});

describe('repairMojibake: what cannot be repaired is dropped, real text stays', () => {
  const dropped: [string, string, string][] = [
    [
      'seed 002: 因?yàn)樗俏覀冊(cè)斓模?',
      '其實并不僅是因?yàn)樗俏覀冊(cè)斓模?更是因?yàn)槲矣X(jué)得它代表了一種精神',
      '其實并不僅是因更是因得它代表了一種精神',
    ],
    [
      'seed 002: 非??欤皫讉€(gè)月',
      '我們建設(shè)非??欤皫讉€(gè)月還剛剛在場(chǎng)平',
      '我們建設(shè)非月還剛剛在場(chǎng)平',
    ],
    [
      'seed 004: private-use characters and the run around them',
      '當(dāng)?shù)馗刹咳罕娡\ue0eb耐\ue0ea?、?dān)當(dāng)作為',
      '當(dāng)、當(dāng)作為',
    ],
    [
      'seed 002: a lost pair before a byline',
      '(長(zhǎng)江云新聞?dòng)浾?徐瑗 向秀',
      '(長(zhǎng)江云新聞徐瑗 向秀',
    ],
  ];
  it.each(dropped)('%s', (_n, input, expected) => {
    const out = repairMojibake(input).text;
    expect(out).toBe(expected);
    expect(garbage(out)).toEqual([]);
  });

  const kept: [string, string][] = [
    [
      'questions in a row (seed 000)',
      '要如何激勵代辦專員提高服務質量?交辦任務到職能部門如何剛性約束限期執行?項目進度卡在企業自身因素上時該如何處理?如何讓政府服務落在實處?賴曉智和相關區領導',
    ],
    [
      'question then quote (seed 004)',
      '“穩(wěn)中求進(jìn),我們不進(jìn)誰進(jìn)?我們不擔(dān)當(dāng)誰擔(dān)當(dāng)?”在經(jīng)濟(jì)發(fā)展中',
    ],
    ['Latin inside Chinese (seed 000)', '“您這Pi膜做得越來越好,可別身子也越來越像‘膜’了。”'],
    ['exclamation then Chinese', '“升國旗、奏唱國歌、行注目禮!”主持升旗儀式,賴曉智既要把控流程'],
    ['ASCII punctuation before Chinese', '株洲高新區以增速17.8%,排名全省第一。'],
    ['simplified text (seed 003)', '你们懂技术吗?你们有研发团队吗?”谈起那段日子'],
    ['ASCII exclamation in simplified text', '大家加油!我们一起努力建设美丽家乡'],
    ['?! in simplified text', '什么?!我们不同意这个方案'],
    ['a short name after !', '好!省委书记说'],
    ['a parenthesis after a question', '是吗?(笑)我们再看看'],
  ];
  it.each(kept)('%s', (_n, input) => {
    expect(repairMojibake(input).text).toBe(input);
  });
});

describe('repairMojibake: general mechanism, not the seed strings', () => {
  it('repairs any text GBK-encoded with the lead of ” stripped', () => {
    // Build the damage ourselves: “…。” + a name, GBK bytes, A1 of ” -> 21, decoded as GBK.
    const original = '他說:“我們要干在當下。”王曉明說,';
    const bytes = iconv.encode(original, 'gbk');
    const at = bytes.indexOf(Buffer.from([0xa1, 0xb1])); // ”
    const damaged = Buffer.from(bytes);
    damaged[at] = 0x21;
    const garbled = iconv.decode(damaged, 'gbk');
    expect(garbled).not.toContain('王曉明');
    const out = repairMojibake(garbled).text;
    expect(out).toContain('”王曉明說,');
    expect(garbage(out)).toEqual([]);
  });

  it('maps a repaired name to the garbled bytes it came from', () => {
    const input = '升旗儀式?!辟嚂灾钦f,“特別';
    const m = repairMojibake(input);
    const at = m.text.indexOf('賴曉智');
    const [s, e] = mapRange(m, input.length, at, at + 3);
    expect(input.slice(s, e)).toBe('辟嚂灾钦');
  });

  it('exposes its pieces', () => {
    expect(tryStrippedLead('!辟嚂灾钦f', 0)?.chars.join('')).toBe('”賴曉智說');
    expect(resolveByPinyin(0x89, true, 'mèng')).toBe('夢');
    expect(garbledRunAt('?如何讓政府服務落在實處?', 0)).toBe(0);
    expect(plausibility('的'.charCodeAt(0))).toBeGreaterThan(0);
    expect(plausibility(0xe0eb)).toBeLessThan(0);
  });
});
