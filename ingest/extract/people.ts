/**
 * People and officials: title chains (`省人大代表，株洲市渌口区委副书记、区长赖晓智`), names before a
 * title (`张庆伟书记`), and bylines (作者, 记者, 编辑, 责编, 通讯员, 摄影 ...).
 */
import {
  BYLINE_ROLES,
  COMPOUND_SURNAMES,
  GOV_ORG_HINTS,
  INVOLVEMENT_VERBS,
  NAME_JOINING_CHARS,
  NAME_SOFT_STOP_CHARS,
  NAME_STOP_CHARS,
  PERSON_ROLE_NOUNS,
  PREDICATE_WORDS,
  PROGRESSIVE_CHARS,
  SPEECH_VERBS,
  SURNAME_SET,
  TITLE_WORDS,
  titleEndingAt,
} from './lexicon.ts';
import type { RegionMention, ZoneMention } from './regions.ts';
import { dictEntry, isCommonWord, type TokenIndex } from './segment.ts';

/** A place a post belongs to: an administrative region or a zone. */
export type Place = { kind: 'region'; mention: RegionMention } | { kind: 'zone'; zone: ZoneMention };

export interface Segment {
  /** The post as worded, without the place (区委副书记). */
  title: string;
  place: Place | null;
  /** 省/市/县 prefix without a named place (省人大代表): resolved by the caller from context. */
  levelPrefix: string | null;
  enterprise: boolean;
  /** The organisation text before an enterprise title (华工激光三维五轴装备事业部). */
  org: string;
  start: number;
  end: number;
  /**
   * A word that shows the person holds public office without naming the post (县领导 in `县领导张三、李四出席`,
   * 同志 in `以习近平同志为核心`): an official, but no HOLDS.
   */
  generic?: boolean;
  /** A post the person leaves (免去某某的…职务, 某某辞去…职务): a former post, not held any more. */
  former?: boolean;
}

export interface PersonMention {
  name: string;
  start: number;
  end: number;
  segments: Segment[];
  /** byline role (作者, 记者 ...) when found in a byline. */
  role: string | null;
}

const TITLE_RE = new RegExp(`(${TITLE_WORDS.map((t) => t.word).join('|')})`, 'g');
const ENTERPRISE_TITLE = new Set(TITLE_WORDS.filter((t) => t.enterprise).map((t) => t.word));
const CLAUSE_BOUNDARY = /[。!?;:!?;:《》【】[\]\n]/;
const QUOTES = /[“”"‘’'「」]/g;

export interface TextIndex {
  text: string;
  /** Segmenter tokens by start offset. */
  tokensAt: Pick<TokenIndex, 'get' | 'has'>;
  regions: RegionMention[];
  zones: ZoneMention[];
}

function isSurnameAt(text: string, i: number): number {
  if (COMPOUND_SURNAMES.includes(text.slice(i, i + 2))) return 2;
  return SURNAME_SET.has(text[i] ?? '') ? 1 : 0;
}

function overlapsPlace(idx: TextIndex, start: number, end: number): boolean {
  return (
    idx.regions.some((r) => r.start < end && start < r.end) ||
    idx.zones.some((z) => z.start < end && start < z.end)
  );
}

/** Dictionary words are not names, except the ones the dictionary itself tags as personal names. */
function nameLike(w: string): boolean {
  if (!/^[\u4e00-\u9fff]+$/.test(w)) return false;
  const e = dictEntry(w);
  return !e || e.tag.startsWith('nr');
}

/**
 * A token of the segmenter that is not a dictionary word: its HMM joined unknown characters, which is
 * where unknown names are, and it often joins a name's last character to the next word (朱娟/良在, 赵兴涵说).
 * A dictionary name (tag nr) is treated the same way.
 */
function guessed(tok: { word: string }): boolean {
  if (tok.word.length < 2) return false;
  const e = dictEntry(tok.word);
  // A personal name of the dictionary is no surer a word here (曾雨/平正/带领: 平正 is tagged nr).
  if (e) return e.tag.startsWith('nr');
  return CJK_RUN.test(tok.word);
}

const CJK_RUN = /^[\u4e00-\u9fff]+$/;
/** A Chinese character (CJK unified ideographs). */
const CJK = /[\u4e00-\u9fff]/;

/** Where a name may end: segmenter boundaries, and any point inside a guessed (non-dictionary) token. */
function boundaries(idx: TextIndex, from: number, to: number): Set<number> {
  const set = new Set<number>();
  for (let k = from; k <= to; k++) {
    const tok = idx.tokensAt.get(k);
    if (tok) {
      set.add(k);
      set.add(tok.end);
      if (guessed(tok)) for (let j = tok.start + 1; j < tok.end; j++) set.add(j);
    }
  }
  return set;
}

/** A stop character that is not only the start of a verb: it never belongs to a name (的, 在, 说). */
function hardStop(c: string): boolean {
  return NAME_STOP_CHARS.has(c) && !NAME_SOFT_STOP_CHARS.has(c);
}

/**
 * Whether the character at `pos` cannot continue a name: a function word (的, 在, 说), or the start of a verb
 * that the segmenter reads there (王刚/强调, not 吕雨强/在 nor 李强/勤在).
 */
function stopsName(idx: TextIndex, pos: number): boolean {
  const c = idx.text[pos] ?? '';
  if (!NAME_SOFT_STOP_CHARS.has(c)) return NAME_STOP_CHARS.has(c);
  // Only a verb that follows names (强调, 带队), not any word (孙/强国, 李/强健).
  const tok = idx.tokensAt.get(pos);
  return tok !== undefined && readsWord(idx, pos) && predicateWord(tok.word);
}

/** A word that follows a name as its predicate: a frequent verb or one of the genre's (带队, 调研). */
function predicateWord(w: string): boolean {
  if (PREDICATES.has(w)) return true;
  const e = dictEntry(w);
  return e !== undefined && e.tag.startsWith('v') && e.freq >= 500;
}

/** The segmenter reads a dictionary word (not a guessed token or a name) starting at `pos`. */
function readsWord(idx: TextIndex, pos: number): boolean {
  const tok = idx.tokensAt.get(pos);
  return tok !== undefined && tok.word.length > 1 && !guessed(tok);
}

const PREDICATES = new Set([...PREDICATE_WORDS, ...INVOLVEMENT_VERBS, ...SPEECH_VERBS]);

/** The longest dictionary word of two to four characters at `pos`. */
function wordAt(text: string, pos: number): string | null {
  for (let len = 4; len >= 2; len--) {
    const w = text.slice(pos, pos + len);
    if (w.length === len && dictEntry(w)) return w;
  }
  return null;
}

/** What follows a subject at `pos`: a verb (带领, 介绍, 带队), 在/说/向, or the end of the phrase (，\n). */
function predicateAt(text: string, pos: number): boolean {
  const c = text[pos] ?? '';
  if (!CJK.test(c)) return true;
  const w = wordAt(text, pos);
  if (!w) return '在说向'.includes(c);
  return PREDICATES.has(w) || dictEntry(w)!.tag.startsWith('v');
}

/**
 * Whether a name's third character at `pos` ends it: a stop character (see stopsName); 和 and 一 unless a
 * predicate follows them (林勤和在, 陈林一来到, against 王刚和李明, 王刚一行); 正 and 忙 before a verb
 * (王伟正带领, 马卫忙着).
 */
function thirdStops(idx: TextIndex, pos: number): boolean {
  const text = idx.text;
  const c = text[pos] ?? '';
  if (NAME_JOINING_CHARS.has(c)) {
    // Alone, or read as a word only against a predicate (一带/队 in 姜婷一带队).
    const alone = !readsWord(idx, pos) || PREDICATES.has(wordAt(text, pos + 1) ?? '');
    return !(alone && predicateAt(text, pos + 1));
  }
  if (PROGRESSIVE_CHARS.has(c)) {
    const next = text[pos + 1] ?? '';
    if (/^[着著于]$/.test(next) && !wordAt(text, pos + 1)) return true;
    // 正 before a verb of action (王伟正带领), not before a verb of saying (黎红正介绍).
    const w = wordAt(text, pos + 1) ?? '';
    if (CJK.test(next) && !dictEntry(c + next) && !SPEECH_VERBS.includes(w) && predicateAt(text, pos + 1))
      return true;
  }
  // The segmenter joined the given name's first character and this one (唐/玉带/队, 赵/一带/队), but a
  // predicate starts here.
  const prev = idx.tokensAt.get(pos - 1);
  if (prev && prev.end > pos && !guessed(prev) && PREDICATES.has(wordAt(text, pos) ?? '')) return true;
  return stopsName(idx, pos);
}

/**
 * A personal name starting at `i`: surname-led, 2-4 characters, ending on a segmenter boundary. Jieba
 * often splits unknown names (刘/智勇, 肖梓/才), so the length is decided from boundaries and the next word:
 * three characters unless the third is a function word or starts a word of its own (刘琦/面前).
 * `anchored`: the caller knows that a name may start at `i` (right after a title) even where the
 * segmenter glued its first character to the word before.
 */
export function nameAt(idx: TextIndex, i: number, anchored = false): string | null {
  const text = idx.text;
  const sl = isSurnameAt(text, i);
  if (!sl) return null;
  const b = boundaries(idx, i, i + sl + 3);
  if (anchored) b.add(i);
  if (!b.has(i)) return null;
  const third = text[i + sl + 1] ?? '';
  const given1 = text[i + sl] ?? '';
  if (!CJK.test(given1)) return null;
  // 和 and 一 right after the surname are the given name (李和亮, 陈一敏): a bare surname joins nothing.
  if (
    NAME_JOINING_CHARS.has(given1)
      ? readsWord(idx, i + sl) && !PREDICATES.has(wordAt(text, i + sl + 1) ?? '') // 赵/一带/队
      : stopsName(idx, i + sl)
  )
    return null;
  let len = sl + 1;
  const tokAtThird = idx.tokensAt.get(i + sl + 1);
  // A dictionary word starting at the third character (刘琦/面前), not a guessed one (朱娟/良在).
  const thirdStartsWord = tokAtThird !== undefined && tokAtThird.word.length > 1 && !guessed(tokAtThird);
  const thirdEnds = thirdStops(idx, i + sl + 1);
  if (CJK.test(third) && !thirdEnds && !thirdStartsWord && b.has(i + sl + 2)) len = sl + 2;
  // 和 or 一 before a predicate is the name's, whatever word the segmenter read there (姜婷/一带/队).
  else if (NAME_JOINING_CHARS.has(third) && !thirdEnds) len = sl + 2;
  else if (!b.has(i + len)) {
    if (b.has(i + sl + 2) && len === sl + 1 && !thirdEnds) len = sl + 2;
    // The segmenter read the given name and what ends the name as one word (肖/正在): a bare surname is
    // no name, so the name ends before the stop.
    else if (!thirdEnds || !CJK.test(third)) return null;
  }
  const w = text.slice(i, i + len);
  if (!nameLike(w) || overlapsPlace(idx, i, i + len)) return null;
  return w;
}

/**
 * How often `name` occurs in the text, and how often the character `next` follows it there; occurrences
 * that begin another person's name (张伟 in 张伟飞) do not count.
 */
function occurrences(
  text: string,
  name: string,
  next: string,
  others: ReadonlySet<string>,
): { all: number; followed: number } {
  let all = 0;
  let followed = 0;
  for (let k = text.indexOf(name); k >= 0; k = text.indexOf(name, k + name.length)) {
    const c = text[k + name.length] ?? '';
    if (c !== next && others.has(name + c)) continue;
    all++;
    if (c === next) followed++;
  }
  return { all, followed };
}

/** Whether some occurrence of `name` is followed by a predicate (付俊一说). */
function hasPredicateAfter(text: string, name: string): boolean {
  for (let k = text.indexOf(name); k >= 0; k = text.indexOf(name, k + name.length))
    if (predicateAt(text, k + name.length)) return true;
  return false;
}

/**
 * One name per person in an article. The segmenter may cut a name differently at each mention (王静/玉带队
 * but 王静玉说), so a mention's boundary is settled by the whole text: a name that the text always continues
 * with the same character is the longer name (朱娟 -> 朱娟良 where every 朱娟 reads 朱娟良), and a name whose
 * last character the text mostly goes without is the shorter one (唐玉带 in 唐玉带队 -> 唐玉 where 唐玉 is
 * otherwise followed by other words). Function words never extend a name (王刚说 stays 王刚).
 */
export function settleNames(idx: TextIndex, mentions: PersonMention[]): PersonMention[] {
  const text = idx.text;
  const decided = new Map<string, string>();
  const names = new Set(mentions.map((m) => m.name));
  const settle = (m: PersonMention): string => {
    const key = `${m.name}|${text[m.end] ?? ''}`;
    let out = decided.get(key);
    if (out !== undefined) return out;
    out = m.name;
    const sl = isSurnameAt(m.name, 0);
    const next = text[m.end] ?? '';
    const joining = NAME_JOINING_CHARS.has(next);
    if (m.name.length === sl + 1 && CJK.test(next) && (!hardStop(next) || joining)) {
      const n = occurrences(text, m.name, next, names);
      const longer = m.name + next;
      if (
        n.all >= 2 &&
        n.followed === n.all &&
        // 和 or 一 only where a predicate follows it once at least (付俊一说, never 王刚一行 twice).
        (!joining || hasPredicateAfter(text, longer)) &&
        nameLike(longer) &&
        !overlapsPlace(idx, m.start, m.end + 1)
      )
        out = longer;
    } else if (m.name.length === sl + 2) {
      const shorter = m.name.slice(0, -1);
      const n = occurrences(text, shorter, m.name[m.name.length - 1]!, names);
      if (n.all - n.followed > n.followed && nameLike(shorter)) out = shorter;
    }
    decided.set(key, out);
    return out;
  };
  return mentions.map((m) => {
    // Only names written as they read (not 戴 鹏 with a space).
    if (text.slice(m.start, m.end) !== m.name) return m;
    const name = settle(m);
    return name === m.name ? m : { ...m, name, end: m.start + name.length };
  });
}

/** A name ending right before `end` (张庆伟 in 张庆伟书记), preceded by a boundary character. */
function nameBefore(idx: TextIndex, end: number): { name: string; start: number } | null {
  const text = idx.text;
  for (let len = 3; len >= 2; len--) {
    const s = end - len;
    if (s < 0) continue;
    const before = text[s - 1] ?? '\n';
    const tok = idx.tokensAt.get(s);
    const famous =
      tok !== undefined && tok.end === end && (dictEntry(tok.word)?.tag.startsWith('nr') ?? false);
    if (!famous && CJK.test(before) && !NAME_STOP_CHARS.has(before)) continue;
    if (!isSurnameAt(text, s)) continue;
    const w = text.slice(s, end);
    if (nameLike(w) && !overlapsPlace(idx, s, end) && !hardStop(w[w.length - 1]!))
      return { name: w, start: s };
  }
  return null;
}

function placesIn(
  idx: TextIndex,
  start: number,
  end: number,
): { place: Place; start: number; end: number }[] {
  const out: { place: Place; start: number; end: number }[] = [];
  for (const z of idx.zones)
    if (!z.bare && z.start >= start && z.end <= end)
      out.push({ place: { kind: 'zone', zone: z }, start: z.start, end: z.end });
  for (const z of idx.zones)
    if (z.bare && z.start >= start && z.end <= end)
      out.push({ place: { kind: 'zone', zone: z }, start: z.start, end: z.end });
  for (const r of idx.regions) {
    if (r.start < start || r.end > end) continue;
    if (out.some((o) => o.start <= r.start && r.end <= o.end)) continue; // inside a zone name
    out.push({ place: { kind: 'region', mention: r }, start: r.start, end: r.end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Where a title phrase starts inside a clause part: at its first place, or at its organisation words. */
function phraseStart(idx: TextIndex, partStart: number, titleStart: number, maxWalk = 10): number {
  const places = placesIn(idx, partStart, titleStart);
  const text = idx.text;
  let start = titleStart;
  if (places.length > 0) {
    start = places[0]!.start;
    // An organisation word right before the first place belongs to the phrase (民进怀化市委会主委).
    for (const hint of GOV_ORG_HINTS) {
      if (hint.length > 1 && text.slice(start - hint.length, start) === hint) start -= hint.length;
    }
    return start;
  }
  // No place: walk left over organisation characters (省人大, 市林业局, 管委会, 党工委).
  while (start > partStart) {
    const c = text[start - 1]!;
    if (!CJK.test(c)) break;
    const stop = '是在的了和与及对向为将把被让从这那也还就都要说到于等该各其此';
    if (stop.includes(c)) break;
    start--;
    if (titleStart - start >= maxWalk) break;
  }
  return start;
}

const LEVEL_PREFIX = /^(省|市|县|区|州|镇|乡|村)/;
const GOVERNMENT_BEFORE_HEAD = /^(?:人民政府|政府)(?=(?:常务)?副?[省市县区州镇乡]长$)/;
/** 代表 of a company, of the public or of a side of a deal is no post (签约企业代表, 群众代表). */
const NON_POST_REPRESENTATIVE =
  /(企业|公司|集团|客商|商户|商会|职工|员工|群众|村民|居民|市民|学生|家长|嘉宾|项目|签约方|投资方|行业|专家|业主)代表$/;
const KEEP_LEVEL_CHAR = /^(委|长|政|人大|党委|纪委|监委)/;

function segmentOf(idx: TextIndex, start: number, titleEnd: number, titleWord: string): Segment {
  const text = idx.text;
  const phrase = text.slice(start, titleEnd);
  const places = placesIn(idx, start, titleEnd);
  const last = places[places.length - 1];
  let title: string;
  let place: Place | null = null;
  if (last) {
    place = last.place;
    title = text.slice(last.end, titleEnd).replace(/^[)()\s]+/, '');
    const surface = text.slice(last.start, last.end);
    const levelChar = surface.slice(-1);
    if (
      last.place.kind === 'region' &&
      !last.place.mention.short &&
      /[省市县区镇乡村]/.test(levelChar) &&
      KEEP_LEVEL_CHAR.test(title)
    )
      title = levelChar + title;
  } else {
    title = phrase;
  }
  title = title
    .replace(QUOTES, '')
    .replace(/\s+/g, '')
    // 定江镇人民政府副镇长: the head of a government is its post without the government's name (副镇长).
    .replace(GOVERNMENT_BEFORE_HEAD, '');
  const levelMatch = !last ? LEVEL_PREFIX.exec(title) : null;
  const enterprise =
    (ENTERPRISE_TITLE.has(titleWord) &&
      (/公司|集团|企业|厂/.test(phrase) || !GOV_ORG_HINTS.some((h) => phrase.includes(h)))) ||
    // 负责人 of a company is its staff (某某集团负责人), of a bureau an official.
    (titleWord === '负责人' && /(公司|集团|企业|厂)负责人$/.test(phrase));
  const org = enterprise
    ? phrase
        .slice(0, phrase.length - titleWord.length)
        .replace(QUOTES, '')
        .trim()
        // 某某集团技术总监: the department is part of the title, not of the company.
        .replace(
          /(公司|集团|厂)(技术|财务|销售|生产|市场|研发|运营|行政|人力资源|质量|安全|工程|项目)$/,
          '$1',
        )
    : '';
  return {
    title: enterprise ? titleWord : title,
    place,
    levelPrefix: levelMatch ? levelMatch[1]! : null,
    enterprise,
    org,
    start,
    end: titleEnd,
  };
}

/**
 * The segmenter read the title's last character and the surname as one word (市/长江/丽 for 市长江丽,
 * 主/任何/博荣 for 主任何博荣); a longer word (市/长江大桥) is no name.
 */
function surnameGlued(idx: TextIndex, p: number): boolean {
  const tok = idx.tokensAt.get(p - 1);
  return tok !== undefined && tok.end === p + 1 && !guessed(tok);
}

/** Title chains followed by a name, and names followed by a title. */
export function findOfficials(idx: TextIndex): PersonMention[] {
  const text = idx.text;
  const out: PersonMention[] = [];
  TITLE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  const seenEnds = new Set<number>();
  // Where the last person found ends: a title chain never reads back over a name and what joins it to the
  // next person (市长王刚和副市长李明, 市委书记王刚,市委副书记、市长李明).
  let lastNameEnd = 0;
  while ((m = TITLE_RE.exec(text))) {
    const titleEnd = m.index + m[1]!.length;
    // Longest title ending here (副书记 over 书记).
    const word = titleEndingAt(text, titleEnd) ?? m[1]!;
    if (seenEnds.has(titleEnd)) continue;
    seenEnds.add(titleEnd);
    // Name after the title, across quotes and spaces: 区长赖晓智, “项目秘书” 魏能亚.
    let p = titleEnd;
    while (p < text.length && /[”"’\s ]/.test(text[p]!)) p++;
    const name = nameAt(idx, p) ?? (surnameGlued(idx, p) ? nameAt(idx, p, true) : null) ?? speakerAt(idx, p);
    if (name) {
      const chain = chainBefore(idx, titleEnd - word.length, titleEnd, word, lastNameEnd).filter(
        (s) => s.enterprise || !NON_POST_REPRESENTATIVE.test(s.title),
      );
      const segments = inheritOrgan(text, chain, word, out[out.length - 1], p);
      // 副主任张某、李某某、王某: every name listed after one title holds it.
      const listed = text[p + name.length] === '、' ? listedNames(idx, p + name.length + 1, '、') : null;
      // The list stops where a title starts (区委书记王某、区长李某: 区长李 is no name).
      const names = listed?.names ?? [];
      const stop = names.findIndex((n) => titleStartsIn(text, n.start, n.end));
      const all = [{ name, start: p, end: p + name.length }, ...(stop < 0 ? names : names.slice(0, stop))];
      if (segments.length) for (const n of all) out.push({ ...n, segments, role: null });
      lastNameEnd = all[all.length - 1]!.end;
      continue;
    }
    // Name before the title: 张庆伟书记, 毛伟明省长 (bare titles only).
    const before = nameBefore(idx, m.index);
    if (before && word === m[1]) {
      const after = text[titleEnd] ?? '';
      if (CJK.test(after) && /^(会|组|团|处|室|办|部|局)/.test(after)) continue;
      lastNameEnd = titleEnd;
      out.push({
        name: before.name,
        start: before.start,
        end: before.start + before.name.length,
        segments: [
          {
            title: word,
            place: null,
            levelPrefix: /^(省|市|县|区)/.exec(word)?.[1] ?? null,
            enterprise: ENTERPRISE_TITLE.has(word),
            org: '',
            start: m.index,
            end: titleEnd,
          },
        ],
        role: null,
      });
    }
  }
  out.push(...findProfiles(idx), ...findListedLeaders(idx), ...findDecisions(idx));
  return out;
}

/**
 * A three-character name of a surname the lexicon lacks (镇长杞某某说, 主任者某某表示): the segmenter reads it as one
 * unknown word, right after the title and right before a verb of saying.
 */
function speakerAt(idx: TextIndex, p: number): string | null {
  const tok = idx.tokensAt.get(p);
  if (!tok || tok.word.length !== 3 || dictEntry(tok.word) || !CJK_RUN.test(tok.word)) return null;
  if ([...tok.word].some((c) => NAME_STOP_CHARS.has(c)) || overlapsPlace(idx, p, tok.end)) return null;
  const next = idx.tokensAt.get(tok.end);
  return next && SPEECH_VERBS.includes(next.word) ? tok.word : null;
}

/** Whether a title word starts inside [start, end) (区长 in 区长李). */
function titleStartsIn(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (TITLE_STARTS.has(text.slice(k, k + 2))) return true;
  return false;
}
/** The first two characters of every title word. */
const TITLE_STARTS = new Set(TITLE_WORDS.map((t) => t.word.slice(0, 2)));

/** A sentence's end: what a deputy's title never reads back over for its organ. */
const SENTENCE_END = /[。!?!?\n]/;

/**
 * A bare deputy's title after the head of an organ names the same organ (市人大常委会主任邵某主持，副主任关某、
 * 秘书长高某出席: 市人大常委会副主任, 市人大常委会秘书长; 市委书记王某，副书记李某: 市委副书记). Only in the same
 * sentence, only right after the person named before, and only where that title names an organ of government.
 */
function inheritOrgan(
  text: string,
  segments: Segment[],
  word: string,
  prev: PersonMention | undefined,
  at: number,
): Segment[] {
  const seg = segments.length === 1 ? segments[0]! : null;
  if (!seg || seg.place || seg.levelPrefix || seg.enterprise || seg.title !== word || !prev) return segments;
  if (prev.end > at || SENTENCE_END.test(text.slice(prev.end, seg.start))) return segments;
  const head = prev.segments[prev.segments.length - 1];
  if (!head || head.enterprise || head.generic) return segments;
  const headWord = titleEndingAt(head.title, head.title.length);
  if (!headWord) return segments;
  const organ = head.title.slice(0, head.title.length - headWord.length);
  const deputy = word === `副${headWord}` || /^副?秘书长$/.test(word);
  if (!organ || !deputy || !GOV_ORG_HINTS.some((h) => organ.includes(h))) return segments;
  return [{ ...head, title: organ + word, start: seg.start, end: seg.end, former: false }];
}

/**
 * A personnel decision (任免名单, 人事任免): `孟某为某市人民政府副市长` (appointed: the post is held from now),
 * `免去赵某的某市财政局局长职务` and `接受周某辞去某市副市长职务的请求` (removed or resigned: a former post). The
 * name opens a clause (a line of the list) or follows the verb of the decision; the posts run from 为 to the
 * clause's end, or to 职务. A nomination (提名, 拟任) names a candidate: no post.
 */
const DECISION_RE =
  /(?:^|[\n,，;；:：。])[ \t]*(?:[一二三四五六七八九十\d]+[、.．][ \t]*)?|(?:任命|聘任|选举|补选|推选|免去|撤销|罢免|接受)/g;
const NOMINATION = /提名|拟任|推荐|提请/;

/** Whether the clause before `p`, or the header of the list whose item `p` opens (提请任命：), names a candidate. */
function nominated(text: string, p: number): boolean {
  let k = p;
  while (k > 0 && !/[,，;；:：。\n]/.test(text[k - 1]!)) k--;
  if (NOMINATION.test(text.slice(k, p))) return true;
  // A header rules the items of its list: the lines that a name opens.
  if (k > 0 && text[k - 1] !== '\n') return false;
  const colon = Math.max(text.lastIndexOf('：\n', p), text.lastIndexOf(':\n', p));
  if (colon < 0) return false;
  return NOMINATION.test(text.slice(text.lastIndexOf('\n', colon - 1) + 1, colon));
}
const DECISION_AHEAD = /^[\u4e00-\u9fff]{2,4}(?:为|的|辞去)/;
const REMOVAL_VERB = /(?:免去|撤销|罢免)$/;

export function findDecisions(idx: TextIndex): PersonMention[] {
  const text = idx.text;
  const out: PersonMention[] = [];
  if (!/为|职务/.test(text)) return out;
  DECISION_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DECISION_RE.exec(text))) {
    if (m[0].length === 0) DECISION_RE.lastIndex++;
    const p = m.index + m[0].length;
    // Cheap first: a name of two to four characters and the word of the decision after it.
    if (!DECISION_AHEAD.test(text.slice(p, p + 7)) && !REMOVAL_VERB.test(m[0])) continue;
    const name = nameAt(idx, p, true);
    if (!name) continue;
    const q = p + name.length;
    let from: number;
    let end: number;
    let former: boolean;
    if (text[q] === '为') {
      if (nominated(text, p)) continue;
      from = q + 1;
      end = from;
      while (end < text.length && !/[,，;；:：。!?!?\n(（]/.test(text[end]!)) end++;
      former = false;
    } else {
      // 赵某的…职务, 周某辞去…职务, 免去赵某…职务.
      from = text.startsWith('的', q) ? q + 1 : text.startsWith('辞去', q) ? q + 2 : q;
      if (from === q && !REMOVAL_VERB.test(text.slice(0, p))) continue;
      end = text.indexOf('职务', from);
      if (end < 0 || /[,，;；:：。!?!?\n]/.test(text.slice(from, end))) continue;
      former = true;
    }
    const word = titleEndingAt(text, end);
    if (!word || end - word.length < from) continue;
    const segments = chainBefore(idx, end - word.length, end, word, from)
      .filter((s) => !s.enterprise && !NON_POST_REPRESENTATIVE.test(s.title))
      .map((s) => (former ? { ...s, former } : s));
    if (segments.length) out.push({ name, start: p, end: q, segments, role: null });
  }
  return out;
}

/**
 * The item of an appointment notice (任前公示) or a cadre's profile: `一、徐某某,男,1975年3月生,…。现任某某县委
 * 副书记、县长,拟任…`. The name opens its line, before the sex; the posts held are the chain after 现任 (拟任,
 * the proposed post, is not held yet).
 */
const PROFILE_RE =
  /(?:^|\n)[ \t]*(?:[一二三四五六七八九十]+[、.]|\d+[、.]|\([一二三四五六七八九十\d]+\))?[ \t]*([\u4e00-\u9fff]{2,4})[,,、](?:男|女)[,,、]/g;

export function findProfiles(idx: TextIndex): PersonMention[] {
  const text = idx.text;
  const out: PersonMention[] = [];
  if (!text.includes('现任')) return out;
  PROFILE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PROFILE_RE.exec(text))) {
    const name = m[1]!;
    const start = m.index + m[0].indexOf(name);
    if (!isSurnameAt(text, start) || !nameLike(name) || overlapsPlace(idx, start, start + name.length))
      continue;
    let lineEnd = text.indexOf('\n', start);
    if (lineEnd < 0) lineEnd = text.length;
    const current = text.indexOf('现任', start);
    if (current < 0 || current >= lineEnd) continue;
    let chainEnd = current + 2;
    while (chainEnd < lineEnd && !/[,;。:(]/.test(text[chainEnd]!)) chainEnd++;
    const word = titleEndingAt(text, chainEnd);
    if (!word) continue;
    const segments = chainBefore(idx, chainEnd - word.length, chainEnd, word, current + 2);
    if (segments.length) out.push({ name, start, end: start + name.length, segments, role: null });
  }
  return out;
}

/** `县领导周某某、吴某某出席`, `市领导张某和李某`: officials by a level's leadership, no post named. */
const LEADERS_RE = /([省市县区州镇乡])(?:委)?领导/g;
/** `以习近平同志为核心的党中央`: the core of the Party centre. */
const COMRADE_CORE_RE = /以([\u4e00-\u9fff]{2,3})同志为(?:核心|总书记)/g;

export function findListedLeaders(idx: TextIndex): PersonMention[] {
  const text = idx.text;
  const out: PersonMention[] = [];
  const generic = (title: string, start: number, end: number): Segment => ({
    title,
    place: null,
    levelPrefix: null,
    enterprise: false,
    org: '',
    start,
    end,
    generic: true,
  });
  LEADERS_RE.lastIndex = text.includes('领导') ? 0 : text.length;
  let m: RegExpExecArray | null;
  while ((m = LEADERS_RE.exec(text))) {
    // 全县领导干部, 各级领导, 7名区级领导包片: no list of leaders.
    if (/[全各本该两省市县区名位\d]/.test(text[m.index - 1] ?? '')) continue;
    const end = m.index + m[0].length;
    const segment = generic(`${m[1]!}领导`, m.index, end);
    for (const n of listedNames(idx, end, '、和').names) out.push({ ...n, segments: [segment], role: null });
  }
  COMRADE_CORE_RE.lastIndex = text.includes('同志为') ? 0 : text.length;
  while ((m = COMRADE_CORE_RE.exec(text))) {
    const name = m[1]!;
    const start = m.index + 1;
    if (!isSurnameAt(text, start) || !nameLike(name)) continue;
    const end = start + name.length;
    out.push({ name, start, end, segments: [generic('同志', end, end + 2)], role: null });
  }
  return out;
}

/**
 * People named by who they are rather than a post: `村民王某某说`, `游客李某某、张某某表示`. Only before a
 * predicate or punctuation, so that a role word inside a phrase (村民代表大会) names nobody.
 */
const ROLE_NOUN_RE = new RegExp(
  `(${[...PERSON_ROLE_NOUNS].sort((a, b) => b.length - a.length).join('|')})`,
  'g',
);

export function findRolePeople(idx: TextIndex): PersonMention[] {
  const text = idx.text;
  const out: PersonMention[] = [];
  ROLE_NOUN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ROLE_NOUN_RE.exec(text))) {
    const { names, end } = listedNames(idx, m.index + m[0].length, '、');
    // 村民张某某家种了8亩葡萄: the household of the person named.
    if (names.length && (predicateAt(text, end) || text[end] === '家'))
      for (const n of names) out.push({ ...n, segments: [], role: null });
  }
  return out;
}

/**
 * The names listed from `p` (张三、李四和王五), joined by one of the characters of `joiners`; `end` is where
 * the list stops (after the last name).
 */
function listedNames(
  idx: TextIndex,
  p: number,
  joiners: string,
): { names: { name: string; start: number; end: number }[]; end: number } {
  const names: { name: string; start: number; end: number }[] = [];
  for (;;) {
    const name = nameAt(idx, p, true);
    if (!name) break;
    names.push({ name, start: p, end: p + name.length });
    p += name.length;
    if (!joiners.includes(idx.text[p] ?? '\0')) break;
    p++;
  }
  return { names, end: p };
}

/**
 * The segments of the chain that ends with a title at [titleStart, titleEnd). The chain starts after
 * `floor`, the end of the person named last before it: the titles of one person never take in another's
 * name or the conjunction that joins the two.
 */
function chainBefore(
  idx: TextIndex,
  titleStart: number,
  titleEnd: number,
  word: string,
  floor = 0,
): Segment[] {
  const text = idx.text;
  let clauseStart = titleStart;
  while (clauseStart > floor && !CLAUSE_BOUNDARY.test(text[clauseStart - 1]!)) clauseStart--;
  // Past the joining word or mark after that name (王刚和, 王刚与, 王刚,).
  if (clauseStart === floor && floor > 0) {
    while (clauseStart < titleStart && /[\s,、和与及]/.test(text[clauseStart]!)) clauseStart++;
  }
  const segments: Segment[] = [];
  let end = titleEnd;
  let tWord: string | null = word;
  for (;;) {
    // This part runs from the previous separator to `end`.
    let partStart = end - tWord.length;
    while (partStart > clauseStart && !/[、,,]/.test(text[partStart - 1]!)) partStart--;
    const start = phraseStart(idx, partStart, end - tWord.length, ENTERPRISE_TITLE.has(tWord) ? 16 : 10);
    segments.unshift(segmentOf(idx, start, end, tWord));
    if (start !== partStart || partStart <= clauseStart) break;
    // The part before the separator continues the chain only if it ends with a title too.
    let prevEnd = partStart - 1;
    while (prevEnd > clauseStart && /[”"’\s)]/.test(text[prevEnd - 1]!)) prevEnd--;
    const prevWord = titleEndingAt(text, prevEnd);
    if (!prevWord) break;
    end = prevEnd;
    tWord = prevWord;
  }
  return segments;
}

const ROLE_RE = new RegExp(
  `(${[...BYLINE_ROLES].sort((a, b) => b.length - a.length).join('|')})\\s*[:：]?\\s*`,
  'g',
);

/** Bylines: `作者:刘志雄 王杨`, `记者 尚大原`, `[责编:李永亮]`, `视觉江西肖立和、谢东摄`, a line of names. */
const PHOTO_RE = /([\u4e00-\u9fff、 ]{2,40})摄(?=$|[\n。)])/gm;
/** What may follow the 摄 of a photo credit: PHOTO_RE's lookahead (`$` of a multiline regex included). */
const PHOTO_END = /^(?:|[\n\r\u2028\u2029。)])$/;

export function findBylines(idx: TextIndex): PersonMention[] {
  const text = idx.text;
  const out: PersonMention[] = [];
  const takeNames = (from: number, role: string, colon = false): number => {
    let p = from;
    let count = 0;
    for (;;) {
      while (p < text.length && /[ \u3000、,,]/.test(text[p]!)) p++;
      const n =
        (colon && count === 0 ? bracketedName(idx, p) : null) ??
        nameAt(idx, p) ??
        spacedName(text, p) ??
        delimitedName(idx, p);
      if (!n) break;
      const len = n.length + (text.slice(p, p + n.length + 1).includes(' ') ? 1 : 0);
      out.push({ name: n, start: p, end: p + len, segments: [], role });
      count++;
      p += len;
      const next = text[p] ?? '';
      if (!/[ \u3000、,,)\])】）]|$/.test(next) && p < text.length && next !== '\n') {
        // a glued word after the names ends the list (长沙报道)
        if (CJK.test(next)) {
          out.pop();
          count--;
        }
        break;
      }
    }
    return count;
  };
  ROLE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ROLE_RE.exec(text))) {
    const role = m[1]!;
    if (role === '摄' || role === '图' || role === '文') continue;
    // The role must start a byline: line start, after a bracket, a space, or the outlet's name.
    const prev = text[m.index - 1] ?? '\n';
    if (!/[\n \u3000([(【::（]/.test(prev) && !/(?:[网报台社闻]|客户端)$/.test(text.slice(0, m.index)))
      continue;
    const after = m.index + m[0].length;
    if (m[0].length === role.length && !CJK.test(text[after] ?? '')) continue;
    takeNames(after, role, /[:：]/.test(m[0]));
  }
  // Photographers: `…肖立和、谢东摄`.
  const photo = PHOTO_RE;
  photo.lastIndex = 0;
  for (;;) {
    // A match ends at a 摄 that its lookahead accepts, at most 40 characters after the match starts:
    // start the search there instead of trying (and backtracking over) every position of the text.
    let q = text.indexOf('摄', photo.lastIndex + 2);
    while (q >= 0 && !PHOTO_END.test(text[q + 1] ?? '')) q = text.indexOf('摄', q + 1);
    if (q < 0) break;
    photo.lastIndex = Math.max(photo.lastIndex, q - 40);
    m = photo.exec(text);
    if (!m) break;
    let s = m.index;
    for (const part of m[1]!.split('、')) {
      const partStart = text.indexOf(part, s);
      s = partStart + part.length;
      // The last surname-led 2-3 chars of each part (the part may start with the agency's name).
      for (let len = 3; len >= 2; len--) {
        const st = partStart + part.length - len;
        const cand = text.slice(st, st + len);
        if (
          st >= partStart &&
          isSurnameAt(text, st) &&
          !isCommonWord(cand, 5) &&
          !overlapsPlace(idx, st, st + len)
        ) {
          out.push({ name: cand, start: st, end: st + len, segments: [], role: '摄影' });
          break;
        }
      }
    }
  }
  // A line made of names separated by spaces (an author line), possibly in brackets, after the outlet's
  // name, with roles between them: `(长江云新闻记者 徐瑗 向秀 … 通讯员 李哲文 项梦莹)`, `戴 鹏 张思伟 张弥郁`.
  const lines = text.split('\n');
  let off = 0;
  const roles = new Set(BYLINE_ROLES);
  for (const line of lines) {
    const t = line
      .trim()
      .replace(/^[([(【（]/, '')
      .replace(/[)\])】）]$/, '');
    if (t.length > 0 && t.length <= 240 && / /.test(t)) {
      let parts = mergeSingles(t.split(/ +/));
      const lead = /^(.*(?:新闻|网|报|台|社|记者|通讯员))([\u4e00-\u9fff]{2,3})$/.exec(parts[0] ?? '');
      if (lead && looksLikeName(lead[2]!)) parts = [lead[2]!, ...parts.slice(1)];
      if (parts.length > 0 && /报道$/.test(parts[parts.length - 1]!)) parts = parts.slice(0, -1);
      let role = '作者';
      const named: { name: string; role: string }[] = [];
      let others = 0;
      for (const p of parts) {
        const r = p.replace(/[::]$/, '');
        if (roles.has(r)) role = r;
        else if (looksLikeName(p)) named.push({ name: p, role });
        else others++;
      }
      if (named.length >= 2 && others === 0) {
        let from = off;
        for (const n of named) {
          const k = text.indexOf(n.name[0]!, from);
          out.push({ name: n.name, start: k, end: k + n.name.length, segments: [], role: n.role });
          from = k + 1;
        }
      }
    }
    off += line.length + 1;
  }
  return out;
}

/** `戴 鹏`: a surname and a one-character given name separated by a space. */
/**
 * In a byline, a surname-led run of 2-4 characters that the delimiters close on both sides is a name
 * even where the segmenter splits it (`责编：陶伟峰` at the end of a line).
 */
function delimitedName(idx: TextIndex, p: number): string | null {
  const text = idx.text;
  const sl = isSurnameAt(text, p);
  if (!sl) return null;
  let e = p;
  while (e < text.length && CJK.test(text[e]!)) e++;
  const len = e - p;
  if (len < sl + 1 || len > sl + 2) return null;
  if (e < text.length && !/[ \u3000\n、,,)\])】）]/.test(text[e]!)) return null;
  const w = text.slice(p, e);
  if (!nameLike(w) || overlapsPlace(idx, p, e) || [...w].some(hardStop)) return null;
  return w;
}

/**
 * `(责任编辑：扎西尼玛)`: the only name after a role and its colon, closed by the bracket or the line, is a
 * name whatever its first character (Tibetan, Uyghur and other names have no surname).
 */
function bracketedName(idx: TextIndex, p: number): string | null {
  const text = idx.text;
  let e = p;
  while (e < text.length && CJK.test(text[e]!)) e++;
  if (e - p < 2 || e - p > 4 || !/^(?:[)\]】）]|\n|)$/.test(text[e] ?? '')) return null;
  const w = text.slice(p, e);
  // Closed on both sides, only particles rule a name out: a transliterated name may hold any syllable.
  if (dictEntry(w) || /[的了是和与及等]/.test(w) || overlapsPlace(idx, p, e)) return null;
  // Nor a unit's name made of words (新闻中心, 综合部).
  for (let k = 0; k + 2 <= w.length; k++) if (isCommonWord(w.slice(k, k + 2))) return null;
  return w;
}

function spacedName(text: string, p: number): string | null {
  if (SURNAME_SET.has(text[p] ?? '') && text[p + 1] === ' ' && CJK.test(text[p + 2] ?? '')) {
    const after = text[p + 3] ?? '';
    if (!CJK.test(after)) return text[p]! + text[p + 2]!;
  }
  return null;
}

function mergeSingles(parts: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const q = parts[i + 1];
    if (p.length === 1 && q?.length === 1) {
      out.push(p + q);
      i++;
    } else out.push(p);
  }
  return out;
}

function looksLikeName(s: string): boolean {
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(s)) return false;
  const sl = COMPOUND_SURNAMES.includes(s.slice(0, 2)) ? 2 : SURNAME_SET.has(s[0]!) ? 1 : 0;
  return sl > 0 && s.length - sl <= 2 && s.length - sl >= 1 && nameLike(s);
}
