/**
 * Enterprises and projects: company suffixes (有限公司, 集团, 分公司), enumerations of companies
 * (`A、B、C等…企业`), industrial parks, projects, roads and named facilities, and quoted names before a
 * facility word (`“政企通”APP`, `元宇宙平台“张家界星球”`).
 */
import type { TextIndex } from './people.ts';
import { INVOLVEMENT_VERBS } from './lexicon.ts';
import { dictEntry, isCommonWord, type Token } from './segment.ts';

export interface OrgMention {
  kind: 'enterprise' | 'project';
  name: string;
  start: number;
  end: number;
}

const ENTERPRISE_SUFFIX =
  /(股份有限公司|有限责任公司|集团有限公司|有限公司|分公司|集团|公司|专业合作社|股份经济合作社|合作社)/g;
const PROJECT_SUFFIX =
  /(产业园区|产业园|科技园|工业园|示范园|创业园|物流园|协作园|产业城|综合体|车间|旅游环线|高速公路|公路|铁路|路建设|互通|陆港|机场|一体化|项目|工程|基地|中心|平台|驿站|枢纽|谷)/g;
/** Industry words that end a company's short name (时代华鑫新材料技术 -> 时代华鑫). */
const INDUSTRY_TAIL =
  /(新材料技术|新材料科技|新材料|材料科技|科技发展|科技|技术|实业|电子|控股|高科|汽车饰件|汽车|电器|电气|光电|能源|化工|制药|机械|电路|香料|磨具|玻璃|股份|投资|发展|建设|置业|物流|贸易|食品|医药)+$/;
const ENTERPRISE_ITEM_TAIL =
  /(电子|香料|电路|控股|科技|集团|实业|材料|汽车|股份|机械|电器|化工|制药|能源|电气|光电|高科|磨具|饰件|玻璃|公司)$/;
const STOP_CHARS = /[的在是和与及对向为将把被让从这那也还就都要说到于等该各其此了个已由给以]/;
const GENERIC_CORE = new Set([
  '重点',
  '重大',
  '产业',
  '民生',
  '具体',
  '招商',
  '百亿',
  '在建',
  '新建',
  '建设',
  '服务',
  '研究',
  '创新',
  '政府',
  '国有',
  '平台',
  '该',
  '子',
  '母',
  '全资',
  '控股',
  '上市',
  '外资',
  '民营',
  '科技',
  '工业',
  '农业',
  '投资',
  '指挥',
  '管理',
  '信息化',
  '安置房',
  '专项债',
  '城市',
]);

/** Walks left over segmenter tokens from `end` while they can belong to a name. */
function nameStart(idx: TextIndex, end: number, maxLen: number): number {
  const text = idx.text;
  let s = end;
  const starts: number[] = [];
  for (let k = Math.max(0, end - maxLen - 4); k < end; k++) if (idx.tokensAt.has(k)) starts.push(k);
  for (let j = starts.length - 1; j >= 0; j--) {
    const k = starts[j]!;
    const tok = idx.tokensAt.get(k)!;
    if (tok.end > s) continue;
    if (tok.end !== s) break;
    const w = tok.word;
    if (!/^[\u4e00-\u9fff\w·]+$/.test(w) || (w.length === 1 && STOP_CHARS.test(w) && w !== '至')) break;
    if (BELONGING.has(w)) break;
    if (w.length > 1 && STOP_CHARS.test(w[0]!) && dictEntry(w)) break;
    // jieba glues a preposition to a name it does not know (在某天 大道): the name starts after it.
    if (w.length > 2 && STOP_CHARS.test(w[0]!) && !dictEntry(w) && !dictEntry(w.slice(1))) {
      if (end - k - 1 <= maxLen) s = k + 1;
      break;
    }
    const e = dictEntry(w);
    if (
      e &&
      /^(v|p|d|r|c|u|ad)/.test(e.tag) &&
      !/^(vn)$/.test(e.tag) &&
      s !== end &&
      w !== '至' &&
      !roadNameAt(idx, tok)
    ) {
      const left = j > 0 ? idx.tokensAt.get(starts[j - 1]!) : undefined;
      const glued = left !== undefined && left.end === k;
      // Unless a brand the dictionary does not know comes right before it (旺某预制菜), but not before a
      // place that opens the name (某某走进/浙江某某机械有限公司: the verb ends what comes before).
      const brandBefore =
        e.tag === 'v' &&
        !ACTION_VERBS.has(w) &&
        glued &&
        !dictEntry(left.word) &&
        /^[\u4e00-\u9fff]{2,}$/.test(left.word) &&
        !idx.regions.some((r) => r.start === s);
      // A one-character verb the segmenter split out of a compound noun (智能网/联/汽车): the name goes on.
      const inCompound =
        w.length === 1 &&
        e.tag === 'v' &&
        glued &&
        left.word.length > 1 &&
        (dictEntry(left.word)?.tag.startsWith('n') ?? false) &&
        (dictEntry(idx.tokensAt.get(s)?.word ?? '')?.tag.startsWith('n') ?? false);
      if (!brandBefore && !inCompound) break;
    }
    if (end - k > maxLen) break;
    s = k;
  }
  // Start after the last verb the walk kept (高标准建设绿色化工产业园 -> 绿色化工产业园).
  // A brand before an ordinary verb keeps it (旺某预制菜项目); the verbs of a visit always end a name.
  let brand = false;
  for (let k = s; k < end; k++) {
    const tok = idx.tokensAt.get(k);
    if (!tok || tok.end >= end) continue;
    const e = dictEntry(tok.word);
    if (
      ACTION_VERBS.has(tok.word) ||
      (!brand && e && tok.word.length > 1 && /^(v|vn|p|d|ad|a|c)$/.test(e.tag) && !roadNameAt(idx, tok))
    ) {
      s = tok.end;
      brand = false;
    } else if (
      !e &&
      /^[\u4e00-\u9fff]{2,}$/.test(tok.word) &&
      // A place is no brand (叙州区/签订/白酒产业园: the verb still ends the name).
      !inRegion(idx.regions, k, tok.end)
    )
      brand = true;
  }
  // One ordinary word before the region that opens the name is no part of it (领办/某某县某某合作社), a brand
  // the dictionary does not know or tags as a name is (某某达/长沙分公司).
  const first = idx.tokensAt.get(s);
  if (
    first &&
    first.word.length > 1 &&
    isCommonWord(first.word) &&
    idx.regions.some((x) => x.start === first.end && x.end < end)
  )
    s = first.end;
  // A region just before, across one character (湖南 + 兴天宏实业有限公司).
  const r = idx.regions.find((x) => x.end === s - 1 || x.end === s);
  if (r && r.end === s - 1 && /[\u4e00-\u9fff]/.test(text[s - 1]!) && !STOP_CHARS.test(text[s - 1]!))
    s = r.start;
  return s;
}

/** The first character of a numbered formula (一谷两区三基地, 双百工程). */
const FORMULA_START = /^[一二三四五六七八九十两双]$/;

/** Words of belonging that end what comes before a company's name (集团所属某某有限公司, 旗下某某公司). */
const BELONGING = new Set(['所属', '下属', '旗下', '属下']);

/**
 * 中科(广东)炼化有限公司: a place in brackets inside a company's name; the name goes on before it. `s` is where
 * the name starts after the bracket.
 */
function acrossBracketedPlace(idx: TextIndex, s: number, end: number, maxLen: number): number {
  const text = idx.text;
  if (text[s - 1] !== ')') return s;
  const open = text.lastIndexOf('(', s - 2);
  if (open < 1 || s - open > 6 || !CJK.test(text[open - 1]!)) return s;
  if (!idx.regions.some((r) => r.start === open + 1 && r.end === s - 1)) return s;
  const before = nameStart(idx, open, maxLen - (end - open));
  return before < open ? before : s;
}

const CJK = /[\u4e00-\u9fff]/;

/** A word that names the road after it (胜利/路, 建设/路, 解放/大道): a road's name, not a verb. */
function roadNameAt(idx: TextIndex, tok: Token): boolean {
  const next = idx.tokensAt.get(tok.end);
  return next !== undefined && /^(路|街|大道|大街|巷)$/.test(next.word);
}

/**
 * A project named after its place with a work in it (某某县牦牛肉精深加工项目, 某某区保障性租赁住房项目):
 * the region nearest before `s` when only name words lie between it and `s` (no visit or lead verb, no
 * function word), within `maxLen` of `end`; else `s`.
 */
function regionAnchor(idx: TextIndex, s: number, end: number, maxLen: number): number {
  // A name that starts with a place already has its own.
  if (idx.regions.some((x) => x.start === s)) return s;
  const r = idx.regions.findLast((x) => x.end <= s && end - x.start <= maxLen);
  if (!r) return s;
  for (let k = r.end; k < s;) {
    const tok = idx.tokensAt.get(k);
    if (!tok || tok.end > s || !/^[\u4e00-\u9fff]+$/.test(tok.word)) return s;
    const e = dictEntry(tok.word);
    if (ACTION_VERBS.has(tok.word) || ANCHOR_STOP_VERBS.has(tok.word)) return s;
    // A verb right after the place makes the place its subject (某镇依托某某示范园).
    if (k === r.end && e?.tag === 'v') return s;
    if (tok.word.length === 1 && STOP_CHARS.test(tok.word)) return s;
    if (e && /^(p|c|u|r|d|ad|m|f|t|ul|uj|q)$/.test(e.tag)) return s;
    k = tok.end;
  }
  return r.start;
}

/** Verbs that open what is done to a project rather than name it (新建某某项目, 启动某某工程). */
const ANCHOR_STOP_VERBS = new Set([
  '新建',
  '扩建',
  '建成',
  '启动',
  '实施',
  '发展',
  '开展',
  '落地',
  '签订',
  '计划',
  '完成',
  '谋划',
  '包括',
  '涉及',
  '加速',
  '是',
  '有',
]);

/** Whether [start, end) lies inside a region mention (mentions sorted by start: a binary search). */
function inRegion(regions: TextIndex['regions'], start: number, end: number): boolean {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (regions[mid]!.start <= start) lo = mid + 1;
    else hi = mid - 1;
  }
  // The last mention starting at or before `start`, and the one before it (a village inside a town name).
  for (let i = hi; i >= 0 && i >= hi - 1; i--) if (regions[i]!.end >= end) return true;
  return false;
}

/** Whether one of the UTF-16 codes `a`, `b` occurs in text[from, to). */
function hasCharIn(text: string, from: number, to: number, a: number, b = a): boolean {
  for (let k = Math.max(0, from); k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === a || c === b) return true;
  }
  return false;
}

const LEAD_VERBS = new Set([
  '建设',
  '推进',
  '打造',
  '加快',
  '随着',
  '随著',
  '通过',
  '围绕',
  '对于',
  '关于',
  '作为',
  '申报',
  '分析',
  '引进',
  '实现',
  '推动',
]);

/**
 * Verbs of an official's visit, which jieba often tags as nouns (调度/n, 带队/n, 督导/n): a name never
 * runs across one (县委书记王某带队调度某某有限公司 -> 某某有限公司).
 */
const ACTION_VERBS = new Set([
  ...LEAD_VERBS,
  ...INVOLVEMENT_VERBS,
  '带队',
  '率队',
  '陪同',
  '深入',
  '前往',
  '莅临',
  '察看',
  '督办',
  '慰问',
]);

/** The segmenter token that ends at `end` and starts at or after `from`, if any. */
function tokenEndingAt(idx: TextIndex, end: number, from: number): Token | undefined {
  for (let k = end - 1; k >= from; k--) {
    const tok = idx.tokensAt.get(k);
    if (tok) return tok.end === end ? tok : undefined;
  }
  return undefined;
}

function hasProperToken(idx: TextIndex, start: number, end: number): boolean {
  if (idx.regions.some((r) => r.start >= start && r.end <= end)) return true;
  // A name cut out of a token the segmenter glued to a preposition (在某汇 -> 某汇).
  let first = start;
  while (first < end && !idx.tokensAt.has(first)) first++;
  const head = idx.text.slice(start, first);
  if (head.length >= 2 && /^[\u4e00-\u9fff]+$/.test(head) && !dictEntry(head)) return true;
  for (let k = start; k < end; k++) {
    const tok = idx.tokensAt.get(k);
    if (!tok || tok.end > end) continue;
    if (/[0-9A-Za-z]/.test(tok.word)) return true;
    const e = dictEntry(tok.word);
    if (!e || /^(ns|nr|nz|nt|j)/.test(e.tag)) return true;
  }
  return false;
}

/** Strips a leading region (株洲时代华鑫 -> 时代华鑫) from a name that starts with one. */
function withoutRegionPrefix(idx: TextIndex, start: number, end: number): number {
  for (const r of idx.regions) if (r.start === start && r.end < end - 1) return r.end;
  for (const z of idx.zones) if (z.start === start && z.end < end - 1) return z.end;
  return start;
}

export function findOrgs(idx: TextIndex): OrgMention[] {
  const text = idx.text;
  const out: OrgMention[] = [];
  let m: RegExpExecArray | null;
  ENTERPRISE_SUFFIX.lastIndex = 0;
  while ((m = ENTERPRISE_SUFFIX.exec(text))) {
    const end = m.index + m[1]!.length;
    if (/^[司团]/.test(text[end] ?? '')) continue;
    const s = acrossBracketedPlace(idx, nameStart(idx, m.index, 18), m.index, 18);
    if (text.slice(s, m.index) === '') continue;
    const core = text.slice(s, m.index);
    if (core.length < 2 || GENERIC_CORE.has(core) || isCommonWord(core, 0) || STOP_CHARS.test(core[0]!))
      continue;
    if (m[1] === '公司' && !hasProperToken(idx, s, m.index)) continue;
    // 王某听取公司董事长…, 走访公司: a verb of the visit before 公司 refers back to a company, names none.
    const verb = tokenEndingAt(idx, m.index, s);
    if (verb && verb.start > s && ACTION_VERBS.has(verb.word)) continue;
    if (/^(集团|合作社|专业合作社|股份经济合作社)$/.test(m[1]!) && !hasProperToken(idx, s, m.index)) continue;
    out.push({ kind: 'enterprise', name: text.slice(s, end), start: s, end });
  }
  PROJECT_SUFFIX.lastIndex = 0;
  while ((m = PROJECT_SUFFIX.exec(text))) {
    const suffix = m[1]!;
    const end = m.index + suffix.length;
    const next = text[end] ?? '';
    if (suffix === '项目' && /[办组部库单资经负秘化]/.test(next)) continue;
    if (/园|中心/.test(suffix) && /[区组城]/.test(next)) continue;
    // 谷子, 太谷区: the suffix is inside a word or a place's name.
    if (suffix === '谷' && (idx.tokensAt.get(m.index)?.end ?? end) > end) continue;
    if (inRegion(idx.regions, m.index, end)) continue;
    if (suffix === '路建设') {
      // 一带一路建设, 道路建设: the road is a dictionary word, not a named road.
      const road = tokenEndingAt(idx, m.index + 1, Math.max(0, m.index - 6));
      if (road && road.start < m.index && dictEntry(road.word)) continue;
    }
    let s = nameStart(idx, suffix === '路建设' ? m.index + 1 : m.index, 16);
    if (suffix !== '路建设') s = regionAnchor(idx, s, m.index, 16);
    // A project of a company starts after the company's legal name (某某有限公司智能工厂项目 -> 智能工厂项目).
    const legal = lastLegalSuffixEnd(text, s, m.index);
    if (legal > s) s = legal;
    // A capacity opens the name (年产20万吨磷酸铁锂正极材料项目, 年出栏50万头生猪全产业链项目).
    s = capacityStart(text, s);
    // Another name of the place before it, in brackets (某某示范区(山西农谷)), or a quoted numbered formula
    // (“一谷两区三基地”).
    if (
      text[s - 1] === '(' &&
      (idx.regions.some((r) => r.end === s - 1) || idx.zones.some((z) => z.end === s - 1))
    )
      continue;
    if (text[s - 1] === '“' && text[end] === '”' && FORMULA_START.test(text[s] ?? '')) continue;
    // A quoted name right before: “马上就办”问政平台 (not a quoted slogan before 项目).
    if ((s === m.index || text[s - 1] === '”') && /平台|产业园|示范园|驿站/.test(suffix)) {
      const q = text.lastIndexOf('“', m.index);
      const close = text.indexOf('”', q);
      if (q >= 0 && close < m.index && m.index - close <= 4 && close - q <= 12) s = q;
    }
    // The work on a facility named right before it (白酒产业园扩能技改项目) is one project.
    if (suffix === '项目' || suffix === '工程') s = facilityStart(idx, s);
    const coreText = text.slice(s, m.index).replace(/[“”]/g, '');
    const capacity = CAPACITY.test(coreText);
    if (coreText.length < 2 && !singleMaterial(idx, s, m.index, suffix)) continue;
    if (GENERIC_CORE.has(coreText) || STOP_CHARS.test(coreText[0]!)) continue;
    // 融媒体中心 is the county's newsroom; a year or a quarter makes a batch of projects, not a name.
    if (/媒体$/.test(coreText) || /\d{4}年|季度|第[一二三四五六七八九十\d]+批/.test(coreText)) continue;
    if (
      /全[省市县区]$/.test(coreText) ||
      (/^\d/.test(coreText) && !capacity) ||
      /[\d一二三四五六七八九十百千两]亿|亿元|万元/.test(coreText) ||
      /^[一二三四五六七八九十百千万两\d]+[个大项条批]/.test(coreText)
    )
      continue;
    // 调度项目, 督导项目: a verb right before the suffix makes no name.
    const lastTok = tokenEndingAt(idx, m.index, s);
    const lastTag = lastTok ? dictEntry(lastTok.word)?.tag : undefined;
    if (
      lastTok &&
      lastTok.word.length > 1 &&
      // 某某县牦牛肉精深加工项目: a work named after its place is a project's name.
      !(lastTok.start > s && idx.regions.some((r) => r.start === s)) &&
      // A verbal noun ends a name only when it is the whole core (建设项目, not 锦某储能设备项目).
      (lastTag === 'v' || (lastTag === 'vn' && lastTok.start === s) || ACTION_VERBS.has(lastTok.word)) &&
      suffix === '项目'
    )
      continue;
    // The company that owns it names it (某某有限公司智能工厂项目).
    const proper = legal === s || hasProperToken(idx, s, m.index);
    const parkLike = /园|城|谷|一体化/.test(suffix);
    // 某某石化产业园、钢铁产业园两大基地: the next item of a list of parks names a park as well.
    const listed =
      parkLike &&
      text[s - 1] === '、' &&
      out.some((o) => o.kind === 'project' && o.end === s - 1 && o.name.endsWith(suffix));
    if (!proper && !(parkLike && coreText.length >= 4) && !listed && suffix !== '路建设') continue;
    if ((suffix === '中心' || suffix === '平台' || suffix === '基地' || suffix === '工程') && !proper)
      continue;
    if (suffix === '路建设' && !/[\u4e00-\u9fff]{1,4}$/.test(coreText)) continue;
    // Inside a quoted slogan of parallel clauses (“大抓项目、抓大项目”).
    if (inParallelQuote(text, s)) continue;
    let name = text.slice(s, end).replace(/[“”]/g, '');
    // A phase is part of the name (钛产业园二期, 污水处理厂二期工程).
    const phase = PHASE.exec(text.slice(end, end + 5));
    if (phase && /园|城|谷|中心|基地|枢纽|陆港/.test(suffix)) name += phase[0];
    // 西创产业园项目 is 西创产业园 (项目 after a facility word adds nothing).
    if (suffix === '项目' || suffix === '工程') {
      const inner = name.slice(0, -2);
      if (/(园|城|谷|公路|互通|一体化|中心)$/.test(inner)) name = inner;
    }
    out.push({ kind: 'project', name, start: s, end: s + name.length });
  }
  // Quoted names after a facility word: 元宇宙平台“张家界星球”, and quoted facilities: “建宁驿站”.
  const quoted = /“([^“”\n]{2,14})”/g;
  while ((m = quoted.exec(text))) {
    const q = m[1]!;
    const before = text.slice(Math.max(0, m.index - 2), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 4);
    const s = m.index + 1;
    // Parallel clauses (“大抓项目、抓大项目”) are a slogan, whatever word ends them.
    if (/[、,;]/.test(q)) continue;
    if (/平台$/.test(before) || /^(APP|App|app|客户端|小程序)/.test(after)) {
      out.push({ kind: 'project', name: q, start: s, end: s + q.length });
    } else if (
      /(产业园|示范园|驿站|谷|基地|工程|项目)$/.test(q) &&
      !/^[一二三四五六七八九十两双\d]/.test(q)
    ) {
      out.push({ kind: 'project', name: q, start: s, end: s + q.length });
    }
  }
  out.push(...findEnumerations(idx));
  out.push(...findRoadWorks(idx));
  return dedupe(out);
}

const ROAD_WORK =
  /(大道|大街|公路|路|街)(提质改造工程|提质改造|改造提升工程|改造提升|改造工程|建设工程|拓宽工程|建设|改造)/g;

/** Road works: a named road and the work done on it (某某大道建设工程, 某某路提质改造). */
function findRoadWorks(idx: TextIndex): OrgMention[] {
  const text = idx.text;
  const out: OrgMention[] = [];
  ROAD_WORK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ROAD_WORK.exec(text))) {
    const roadEnd = m.index + m[1]!.length;
    const end = roadEnd + m[2]!.length;
    // 建设者, 改造办, 建设局: a longer word, not a work.
    if (/^[者局处办委科股站队组部费]/.test(text[end] ?? '')) continue;
    // The road's own name: glued to the road word by the segmenter (某威路) or tokens before it.
    const road = tokenEndingAt(idx, roadEnd, Math.max(0, m.index - 6));
    let s: number;
    if (road && road.start < m.index) {
      const d = dictEntry(road.word);
      if (d && !d.tag.startsWith('ns')) continue; // 一带一路, 马路, 海路: words, not names (芙蓉路/ns is one)
      s = nameStart(idx, road.start, 8);
    } else {
      if (!idx.tokensAt.has(m.index)) continue;
      s = nameStart(idx, m.index, 8);
      if (s >= m.index) continue;
      if (!hasProperToken(idx, s, m.index) && dictEntry(text.slice(s, m.index))) continue;
    }
    const core = text.slice(s, m.index);
    if (core.length < 1 || STOP_CHARS.test(core[0]!) || isCommonWord(core, 0)) continue;
    out.push({ kind: 'project', name: text.slice(s, end), start: s, end });
  }
  return out;
}

/** `A、B、C等…企业`, `A和B两家…企业`, `A、B2家工业企业`, `A等“X”项目`. */
function findEnumerations(idx: TextIndex): OrgMention[] {
  const text = idx.text;
  const out: OrgMention[] = [];
  const re = /(等|两家|[0-9一二三四五六七八九十]+家)([^,。;,、\n]{0,14}?)(企业|公司|巨头|厂商|项目)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const kindWord = m[3]!;
    let p = m.index;
    const items: { s: number; e: number }[] = [];
    for (;;) {
      const e = p;
      let s = e;
      while (s > 0 && /[\u4e00-\u9fff\w·]/.test(text[s - 1]!) && e - s < 14) s--;
      while (s < e && !idx.tokensAt.has(s)) s++;
      // 湖南长城和麦格米特: split on 和/与 inside the run.
      const run = text.slice(s, e);
      const parts = run.split(/[和与]/);
      if (parts.length === 2 && items.length === 0 && parts[0]!.length >= 2 && parts[1]!.length >= 2) {
        const mid = s + parts[0]!.length;
        items.push({ s: mid + 1, e });
        items.push({ s, e: mid });
      } else items.push({ s, e });
      if (text[s - 1] !== '、') break;
      p = s - 1;
    }
    if (items.length < 2 && kindWord !== '企业') continue;
    for (const it of items) {
      let s = it.s;
      // The visit before the first item (县委书记王某先后走进恒达精密制造): the name starts after its verb.
      s = Math.max(s, afterVisitVerb(idx, s, it.e));
      // Leading verbs, regions and zones of the first item (全速加快山旭电子, 娄底经开区五江高科).
      s = Math.max(s, trimLead(idx, s, it.e));
      const z = idx.zones.find((x) => x.start <= s && x.end > s && x.end < it.e - 1);
      if (z) s = z.end;
      const rs = withoutRegionPrefix(idx, s, it.e);
      if (it.e - rs >= 4) s = rs;
      s = Math.max(s, trimLead(idx, s, it.e));
      while (s < it.e && /[为在对将把被向给由与和及]/.test(text[s]!)) s++;
      const name = text.slice(s, it.e);
      const d = dictEntry(name);
      if (name.length < 2 || name.length > 14 || /^\d/.test(name)) continue;
      if (d && /^(v|a|d|ad|r|m|c|p)/.test(d.tag)) continue;
      if (items.length < 3 && !hasProperToken(idx, s, it.e) && !ENTERPRISE_ITEM_TAIL.test(name)) continue;
      const enterprise = kindWord !== '项目' || ENTERPRISE_ITEM_TAIL.test(name);
      if (!enterprise && !hasProperToken(idx, s, it.e) && name.length < 4) continue;
      out.push({ kind: enterprise ? 'enterprise' : 'project', name, start: s, end: it.e });
    }
  }
  return out;
}

/** Verbs of a visit that end whatever comes before a company's name. */
const VISIT_VERBS = new Set([
  ...ACTION_VERBS,
  '走进',
  '来到',
  '前往',
  '参观',
  '考察',
  '调研',
  '走访',
  '看望',
  '视察',
]);

/** The end of the last verb of a visit inside [s, e) that leaves at least two characters, else `s`. */
function afterVisitVerb(idx: TextIndex, s: number, e: number): number {
  let out = s;
  for (let k = s; k < e - 2; k++) {
    const tok = idx.tokensAt.get(k);
    if (tok && tok.end <= e - 2 && VISIT_VERBS.has(tok.word)) out = tok.end;
  }
  return out;
}

function trimLead(idx: TextIndex, s: number, e: number): number {
  let p = s;
  for (;;) {
    const tok = idx.tokensAt.get(p);
    if (!tok || tok.end >= e) return p;
    const d = dictEntry(tok.word);
    if ((d && /^(v|p|d|ad|t|r|c|m|f)/.test(d.tag) && d.tag !== 'vn') || /^[,,。为在对将]$/.test(tok.word))
      p = tok.end;
    else return p;
  }
}

const LEGAL_SUFFIX = /(股份有限公司|有限责任公司|集团有限公司|有限公司|集团公司)/g;

/** The end of the last company legal name (有限公司) inside [from, to), or -1. */
function lastLegalSuffixEnd(text: string, from: number, to: number): number {
  if (!hasCharIn(text, from, to, 0x53f8, 0x56e2)) return -1; // 司 团
  const span = text.slice(from, to);
  let end = -1;
  LEGAL_SUFFIX.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LEGAL_SUFFIX.exec(span))) end = from + m.index + m[0].length;
  return end;
}

/** 年产5GW, 年出栏50万头, 年加工10万吨: a yearly capacity (a number follows the verb). */
const CAPACITY = /^年(?:产|出栏|加工|处理|生产|屠宰|吞吐|产能)[\d.]/;
const CAPACITY_BEFORE =
  /年(?:产|出栏|加工|处理|生产|屠宰|吞吐|产能)(?:[\d.]+[^\s,.;:、。“”()的在是和与及为将把被]{0,16})?$/;

/** Where a project name starts when a yearly capacity opens it, within 24 characters before `s`. */
function capacityStart(text: string, s: number): number {
  if (!hasCharIn(text, s - 24, s, 0x5e74)) return s; // 年
  const before = text.slice(Math.max(0, s - 24), s);
  const m = CAPACITY_BEFORE.exec(before);
  return m ? s - (before.length - m.index) : s;
}

/** Whether `pos` is inside a quotation (of at most 40 characters) whose text has parallel clauses (、 or ,). */
function inParallelQuote(text: string, pos: number): boolean {
  let open = -1;
  for (let k = pos - 1; k >= 0 && k >= pos - 40; k--) {
    const c = text[k];
    if (c === '”' || c === '\n') return false;
    if (c === '“') {
      open = k;
      break;
    }
  }
  if (open < 0) return false;
  const close = text.indexOf('”', pos);
  return close > 0 && close - open <= 40 && /[、,;]/.test(text.slice(open, close));
}

const FACILITY_BEFORE = /(产业园|工业园|物流园|科技园|园区|基地|中心)([\u4e00-\u9fff]{1,4})$/;

/** The start of a facility's name right before a work on it (产业园 + 扩能技改 + 项目), else `s`. */
function facilityStart(idx: TextIndex, s: number): number {
  // The facility word ends with 园, 区, 地 or 心 within the gap of 1-4 characters.
  if (!hasCharIn(idx.text, s - 5, s, 0x56ed, 0x533a) && !hasCharIn(idx.text, s - 5, s, 0x5730, 0x5fc3))
    return s;
  const m = FACILITY_BEFORE.exec(idx.text.slice(Math.max(0, s - 12), s));
  if (!m || joinsTwo(m[2]!)) return s;
  const facility = s - m[2]!.length - m[1]!.length;
  const fs = nameStart(idx, facility, 12);
  return fs < facility ? fs : s;
}

/** A gap between two project words that makes two projects (A产业园建设B项目, A园和B项目). */
function joinsTwo(gap: string): boolean {
  return STOP_CHARS.test(gap) || ACTION_VERBS.has(gap) || ACTION_VERBS.has(gap.slice(0, 2));
}

const PHASE = /^[一二三四五六七八九十]期(?:工程|项目)?/;

/** A one-character core that is a named material or product (钛产业园): the dictionary's proper noun. */
function singleMaterial(idx: TextIndex, s: number, e: number, suffix: string): boolean {
  if (e - s !== 1 || !/园|谷|基地/.test(suffix)) return false;
  const tok = idx.tokensAt.get(s);
  return tok !== undefined && tok.end === e && dictEntry(tok.word)?.tag === 'nz';
}

/** One mention per name; names contained in a longer name at the same place are dropped. */
function dedupe(list: OrgMention[]): OrgMention[] {
  list.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: OrgMention[] = [];
  for (const o of list) {
    const prev = out[out.length - 1];
    if (prev && o.start >= prev.start && o.end <= prev.end) continue;
    out.push(o);
  }
  return out;
}

/** The short form of a company name: region prefix, industry words and legal suffix removed. */
export function shortName(name: string, regionPrefix: string | null): string | null {
  let s = name;
  if (regionPrefix && s.startsWith(regionPrefix)) s = s.slice(regionPrefix.length);
  s = s.replace(/(股份有限公司|有限责任公司|集团有限公司|有限公司|公司)$/, '');
  s = s.replace(INDUSTRY_TAIL, '');
  return s.length >= 2 && s !== name ? s : null;
}
