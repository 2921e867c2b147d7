/**
 * Slogans: quoted political formulas and campaigns. A quoted phrase is a slogan when it is a numbered
 * formula (三高四新, 五个统筹), a parallel phrase (干在当下、抓好今年), a campaign year (项目攻坚年), or is
 * followed by a campaign word (“强省会”战略, “四联”行动). Formulas are linked to their spelled-out parts.
 */
import { FORMULA_NUMERALS } from './lexicon.ts';

export interface SloganMention {
  text: string;
  start: number;
  end: number;
  /** Parts of a spelled-out formula: not reported as slogans of their own. */
  part: boolean;
}

export interface SloganPartLink {
  formula: string;
  part: string;
}

const NUM = `[${FORMULA_NUMERALS}0-9]`;
const NUMBERED = new RegExp(
  `^(${NUM}+[个大项条张步联好位型制种仗点化]?[\\u4e00-\\u9fff]{0,6}|[\\u4e00-\\u9fff]{1,4}${NUM}+[\\u4e00-\\u9fff]{1,4})$`,
);
const CAMPAIGN_AFTER =
  /^(战略定位|战略|行动|精神|活动|主题教育|品牌|机制|总要求|要求|理念|号召|工程|改革|大培训|培训|为主题|这一主题|这一中心|攻坚|系统|建设|创建|工作法|模式)/;
const CAMPAIGN_END = /(年|行动|革命|工程|战略|活动|主题教育|学习教育)$/;
const SPEECH = /[。!?!?;;]/;
/** Numbered parts that open a phrase (百县千镇万村…, 一核两翼…). */
const NUMBERED_PARTS = new RegExp(`^(?:${NUM}[\\u4e00-\\u9fff]){3,}`);
/** 河长制, 林长制, 链长制: a system of chiefs. */
const CHIEF_SYSTEM = /^[\u4e00-\u9fff]{1,3}长制$/;
const ALIAS_BEFORE = /(?:简称|下称|以下称)[:：]?$/;
/** “某速办”政务服务品牌: a brand of a public service or of Party building, named after a few words. */
const BRAND_AFTER = /^[\u4e00-\u9fff]{0,4}(?:服务|党建)品牌/;

function isParallel(q: string): boolean {
  const parts = q.split(/[、,,]/);
  if (parts.length < 2) return false;
  const lens = parts.map((p) => p.length);
  return lens.every((l) => l >= 1 && l <= 10) && Math.max(...lens) - Math.min(...lens) <= 3;
}

export function classifyQuoted(q: string, after: string): boolean {
  if (!/^[\u4e00-\u9fff、,, ·]+$/.test(q) || SPEECH.test(q)) return false;
  if (q.length > 30) return false;
  if (NUMBERED.test(q) && q.length >= 2) return !/^[一二三四五六七八九十]+$/.test(q);
  if (CHIEF_SYSTEM.test(q)) return true;
  if (isParallel(q)) return true;
  if ((CAMPAIGN_AFTER.test(after) || BRAND_AFTER.test(after)) && q.length >= 3) return true;
  if (/的$/.test(q)) return false;
  if (CAMPAIGN_END.test(q) && q.length >= 4) return true;
  return q.length >= 4 && !/[了吗呢吧啊]$/.test(q);
}

export function findSlogans(
  text: string,
  isProject: (start: number, end: number) => boolean,
): {
  slogans: SloganMention[];
  parts: SloganPartLink[];
} {
  const slogans: SloganMention[] = [];
  const parts: SloganPartLink[] = [];
  // “闯”的精神、“创”的劲头、“干”的作风: quoted single characters in a parallel phrase.
  const charFormula =
    /((?:“[\u4e00-\u9fff]”的[\u4e00-\u9fff]{1,2}[、,,]){1,5}“[\u4e00-\u9fff]”的[\u4e00-\u9fff]{1,2})/g;
  let m: RegExpExecArray | null;
  const covered: [number, number][] = [];
  while ((m = charFormula.exec(text))) {
    const t = m[1]!.replace(/[“”]/g, '').replace(/,/g, '、');
    slogans.push({ text: t, start: m.index, end: m.index + m[1]!.length, part: false });
    covered.push([m.index, m.index + m[1]!.length]);
  }
  // “特”“优”文章: quoted single characters side by side make one formula (特优).
  const charRun = /(?:“[\u4e00-\u9fff]”){2,5}/g;
  while ((m = charRun.exec(text))) {
    if (covered.some(([a, b]) => m!.index >= a && m!.index < b)) continue;
    const t = m[0].replace(/[“”]/g, '');
    // Distinct characters, read as a word of the phrase (文章, 战略), not a quoted utterance (“好”“好”。).
    if (new Set(t).size !== t.length || !/[\u4e00-\u9fff]/.test(text[m.index + m[0].length] ?? '')) continue;
    slogans.push({ text: t, start: m.index, end: m.index + m[0].length, part: false });
    covered.push([m.index, m.index + m[0].length]);
  }
  // The same formula unquoted elsewhere (闯的精神、创的劲头、干的作风).
  for (const s of [...slogans]) {
    let from = 0;
    for (;;) {
      const k = text.indexOf(s.text, from);
      if (k < 0) break;
      slogans.push({ text: s.text, start: k, end: k + s.text.length, part: false });
      from = k + 1;
    }
  }
  const quoted = /[“‘]([^“”‘’\n]{1,32})[”’]/g;
  const listItems: { text: string; start: number; end: number }[] = [];
  while ((m = quoted.exec(text))) {
    const start = m.index + 1;
    const end = start + m[1]!.length;
    if (covered.some(([a, b]) => start >= a && end <= b)) continue;
    const q = m[1]!.trim();
    const after = text.slice(end + 1, end + 11);
    const before = text.slice(Math.max(0, m.index - 3), m.index);
    // 十村百户千人提升工程: a formula of numbered parts names a campaign, whatever word ends it.
    if (isProject(start, end) && !NUMBERED_PARTS.test(q)) continue;
    // 以下简称“某某集团”: the short name of what was just named, no slogan.
    if (ALIAS_BEFORE.test(text.slice(Math.max(0, m.index - 5), m.index))) continue;
    // N个“第一时间”: the numeral outside the quotes belongs to the formula.
    const outerNum = new RegExp(`(${NUM}+个)$`).exec(before);
    if (outerNum && q.length <= 6) {
      slogans.push({
        text: outerNum[1]! + q,
        start: m.index - outerNum[1]!.length,
        end: end + 1,
        part: false,
      });
      continue;
    }
    // Items of a quoted list that a formula sums up: “学位”、“床位”…的“六位一体”.
    if (q.length <= 3 && (text[end + 1] === '、' || text[m.index - 1] === '、')) {
      listItems.push({ text: q, start, end });
      continue;
    }
    if (!classifyQuoted(q, after)) continue;
    slogans.push({ text: q, start, end, part: false });
    const numbered = /^([一二三四五六七八九十两双]+)/.exec(q);
    if (numbered && listItems.length >= 2) {
      const recent = listItems.filter((li) => start - li.end < 60);
      for (const li of recent) {
        slogans.push({ text: li.text, start: li.start, end: li.end, part: true });
        parts.push({ formula: q, part: li.text });
      }
    }
    if (!numbered) listItems.length = 0;
  }
  // Campaigns named without quotes: 开展深入贯彻中央八项规定精神学习教育.
  const campaign = /(?:开展|实施|推进)([\u4e00-\u9fff]{4,24}?(?:学习教育|主题教育|专项行动|专项整治))/g;
  while ((m = campaign.exec(text))) {
    const t = m[1]!;
    if (/^[的了和与在]/.test(t)) continue;
    const s = m.index + m[0].length - t.length;
    slogans.push({ text: t, start: s, end: s + t.length, part: false });
  }
  // A campaign of some years named without quotes: 在全面振兴新突破三年行动中, 实施城市更新五年行动.
  const years = /(?:开展|实施|推进|启动|深化|在)([\u4e00-\u9fff]{4,16}?[一二三四五两]年(?:攻坚)?行动)/g;
  while ((m = years.exec(text))) {
    // The scope is no part of the name (全县农村人居环境整治三年行动).
    const t = m[1]!.replace(/^全[国省市州县区镇乡村]/, '');
    if (t.length < 6 || /^[的了和与在这该本各]|开展|实施|推进|启动|深化|今年|明年|每年/.test(t)) continue;
    const s = m.index + m[0].length - t.length;
    slogans.push({ text: t, start: s, end: s + t.length, part: false });
  }
  linkFormulaParts(slogans, parts);
  return { slogans, parts };
}

/**
 * 四敢 and 干部敢为、地方敢闯、企业敢干、群众敢首创: a numbered formula whose key character appears in each of
 * the N parts of a parallel slogan is linked to those parts.
 */
function linkFormulaParts(slogans: SloganMention[], parts: SloganPartLink[]): void {
  const numerals: Record<string, number> = {
    两: 2,
    双: 2,
    一: 1,
    二: 2,
    三: 3,
    四: 4,
    五: 5,
    六: 6,
    七: 7,
    八: 8,
    九: 9,
    十: 10,
  };
  const texts = [...new Set(slogans.filter((s) => !s.part).map((s) => s.text))];
  for (const f of texts) {
    const m = /^([两双一二三四五六七八九十])([\u4e00-\u9fff])$/.exec(f);
    if (!m) continue;
    const n = numerals[m[1]!]!;
    const key = m[2]!;
    for (const t of texts) {
      const ps = t.split(/[、,,]/);
      if (ps.length === n && ps.every((p) => p.includes(key))) parts.push({ formula: f, part: t });
    }
  }
}
