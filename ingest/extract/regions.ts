/**
 * Region mentions: administrative divisions matched against the gazetteer and disambiguated by the
 * article's own context (the provinces and cities it names unambiguously), plus functional zones
 * (高新区, 经开区, 新区, 经济区, 工业园区) recognised by rule.
 */
import { gazetteer, type RegionEntry } from './gazetteer.ts';
import { SURNAME_SET, titleEndingAt } from './lexicon.ts';
import { dictEntry, isCommonWord } from './segment.ts';

export interface RegionMention {
  start: number;
  end: number;
  surface: string;
  entry: RegionEntry;
  /** Matched by its short form (株洲 for 株洲市). */
  short: boolean;
}

interface Candidate {
  start: number;
  end: number;
  surface: string;
  entries: RegionEntry[];
  short: boolean;
  /** A short form that is also an ordinary word, read as a place only before a zone suffix (保定工业园区). */
  weak?: boolean;
}

const CJK = /[\u4e00-\u9fff]/;
const ZONE_SUFFIX =
  /(农业高新技术产业示范区|农高区|高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|新区|临空经济区|经济区|工业园区|综合保税区|保税区|自贸区|开发区|新城)/g;
/** Words that may precede a zone suffix but make no name (全省, 国家级, 重点 ...). */
const ZONE_CORE_STOP =
  /^(全省|全市|全国|国家级|省级|市级|重点|各|该|本|这|一个|首个|新|老|[的在是和与及或等了])/;
/** The suffixes of zones that have a government of their own (党工委, 管委会). */
const GOVERNED_ZONE =
  '(农业高新技术产业示范区|农高区|高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|新区|经济区|工业园区|开发区|新城(?=管委会|党工委))';
/** A zone suffix at the start of a string (保定 + 工业园区). */
const ZONE_SUFFIX_AT = new RegExp(`^${GOVERNED_ZONE}`);
/** A title that names a zone (新区党工委书记, 大同经开区管委会主任): the zone is its place. */
export const ZONE_IN_TITLE = new RegExp(GOVERNED_ZONE);
/** The organs of a functional zone's government: a name they follow is a zone's (X新区党工委书记). */
export const ZONE_ORGAN = /^(党工委|管委会|工委)/;
const ZONE_BAD_CHARS = /[的在是和与及或等了个为以对从把被将]/;

/** Characters after a short form that show it is really a place (株洲市委, 渌口经开区, 娄底“材料谷”). */
function plausibleShort(text: string, end: number): boolean {
  const next = text[end] ?? '';
  // A short form glued to more CJK that makes a different word (天元 in 天元区 is matched as full already).
  return !(
    next === '族' ||
    next === '路' ||
    next === '街' ||
    next === '镇' ||
    next === '村' ||
    next === '乡'
  );
}

/** A short form that is also an ordinary word (凤凰, 合作, 资源) is not taken for a place. */
function commonShort(s: string, entries: RegionEntry[]): boolean {
  if (entries.some((e) => e.level === 'province' || e.level === 'city')) return isCommonWord(s, 500);
  const e = dictEntry(s);
  return isCommonWord(s, 300) || (e !== undefined && e.freq > 300);
}

/** Full county names that are ordinary words (several districts are just called 城区). */
const GENERIC_FULL = new Set([
  '城区',
  '郊区',
  '矿区',
  '新区',
  '市辖区',
  '开发区',
  // Towns (streets) named after the zone they serve: the zone rules read these (常州 + 高新区).
  '高新区',
  '经开区',
  '经济开发区',
  '经济技术开发区',
  '高新技术产业开发区',
  '工业园区',
]);

/**
 * A native place (`浙江江山人`, `浙江开化人`): a county's short form right after its province and before 人
 * is the county even when it is an ordinary word (江山, 开化).
 */
function nativePlace(
  prev: Candidate | undefined,
  at: number,
  entries: RegionEntry[],
  next: string | undefined,
): boolean {
  if (!prev || prev.end !== at || next !== '人') return false;
  const province = prev.entries.find((e) => e.level === 'province');
  return (
    province !== undefined && entries.some((e) => e.level === 'county' && e.province === province.province)
  );
}

/**
 * A short form right after a title and a surname is a given name (县委书记陈卫东: 卫东, not 卫东区), unless
 * the surname character and the short form are one region's name (书记/王/江山 stays a name either way).
 */
function givenNameAt(text: string, start: number): boolean {
  return SURNAME_SET.has(text[start - 1] ?? '') && titleEndingAt(text, start - 1) !== null;
}

export function findRegionCandidates(text: string): Candidate[] {
  const g = gazetteer();
  const out: Candidate[] = [];
  const n = text.length;
  // The names matched at one position, shortest first.
  const hits: number[] = [];
  for (let i = 0; i < n; i++) {
    const count = g.names.matchesAt(text, i, hits, 2);
    if (count === 0) continue;
    // The longest full name wins; failing that, the longest short form that reads as a place.
    let best: Candidate | null = null;
    for (let h = count - 1; h >= 0; h--) {
      const t = g.names.valueOf(hits[h]!);
      if (t.full && !GENERIC_FULL.has(t.key)) {
        best = { start: i, end: i + t.key.length, surface: t.key, entries: t.full, short: false };
        break;
      }
    }
    if (!best) {
      for (let h = count - 1; h >= 0; h--) {
        const t = g.names.valueOf(hits[h]!);
        const end = i + t.key.length;
        if (t.short && plausibleShort(text, end)) {
          if (!commonShort(t.key, t.short) || nativePlace(out[out.length - 1], i, t.short, text[end])) {
            best = { start: i, end, surface: t.key, entries: t.short, short: true };
            break;
          }
          // 保定 (a verb), 仁化 (a noun) name the zone they lead: the article must name the place too.
          if (ZONE_SUFFIX_AT.test(text.slice(end, end + 9))) {
            best = { start: i, end, surface: t.key, entries: t.short, short: true, weak: true };
            break;
          }
        }
      }
    }
    if (best) {
      out.push(best);
      i = best.end - 1;
    }
  }
  return out;
}

/** Provinces and cities the article names without ambiguity: the context for everything else. */
function contextOf(cands: Candidate[]): { provinces: Map<string, number>; cities: Map<string, number> } {
  const provinces = new Map<string, number>();
  const cities = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const c of cands) {
    if (c.weak) continue;
    if (c.short && c.entries.every((e) => e.level === 'county' || e.name.endsWith('自治州'))) continue;
    if (c.surface.length < 3 && c.entries.every((e) => e.level === 'county')) continue;
    const levels = new Set(c.entries.map((e) => e.level));
    if (c.entries.length !== 1 && !(levels.size === 1 && levels.has('province'))) {
      // An ambiguous name still votes when all its readings share a province (株洲 city vs old county).
      const ps = new Set(c.entries.map((e) => e.province));
      if (ps.size === 1 && c.entries[0]!.level !== 'town') bump(provinces, c.entries[0]!.province);
      continue;
    }
    const e = c.entries[0]!;
    if (e.level === 'town' || e.level === 'country') continue;
    bump(provinces, e.province);
    if (e.level === 'city') bump(cities, e.code);
    else if (e.level === 'county' || e.level === 'zone') {
      if (e.parent && e.parent.length === 4) bump(cities, e.parent);
    }
  }
  return { provinces, cities };
}

function score(e: RegionEntry, ctx: ReturnType<typeof contextOf>, short: boolean): number {
  const cityCode = e.level === 'city' ? e.code : e.code.slice(0, 4);
  let s = 0;
  s += (ctx.provinces.get(e.province) ?? 0) * 2;
  s += (ctx.cities.get(cityCode) ?? 0) * 3;
  // Higher levels are the usual reading of a bare short name (湖南, 株洲).
  const levelBonus = { country: 1, province: 3, city: 2, county: 1, zone: 1, town: 0, village: 0 }[e.level];
  s += short ? levelBonus : levelBonus / 2;
  return s;
}

/** Resolves every candidate to one entry, dropping those the context does not support. */
export function findRegions(text: string): RegionMention[] {
  const cands = findRegionCandidates(text);
  const ctx = contextOf(cands);
  const out: RegionMention[] = [];
  // Regions the article names in full: what a weak short form may stand for.
  let named: Set<string> | null = null;
  for (const c of cands) {
    let entries = c.entries;
    if (c.weak) {
      named ??= new Set(cands.filter((o) => !o.short).flatMap((o) => o.entries.map((e) => e.code)));
      const known = named;
      // Its full name is in the text, or it is the city of the counties the article names.
      entries = entries.filter(
        (e) => known.has(e.code) || (e.level === 'city' && (ctx.cities.get(e.code) ?? 0) > 0),
      );
      if (entries.length !== 1) continue;
    }
    let best: RegionEntry | null = null;
    let bestScore = -1;
    for (const e of entries) {
      const sc = score(e, ctx, c.short);
      if (sc > bestScore) {
        best = e;
        bestScore = sc;
      }
    }
    if (!best) continue;
    if (c.short && (givenNameAt(text, c.start) || titleEndingAt(text, c.start + 1) !== null)) continue;
    const inContext = (ctx.provinces.get(best.province) ?? 0) > 0;
    // Towns and short county names need the article to be about their province; towns also their city.
    if (best.level === 'town' && !(ctx.cities.get(best.code.slice(0, 4)) ?? 0) && c.entries.length > 1)
      continue;
    if (best.level === 'town' && !inContext) continue;
    if (c.short && best.level === 'county' && !inContext) continue;
    // An autonomous prefecture's short form (德宏, 大理, 红河) is often a brand or a word: in its province only.
    if (c.short && best.level === 'city' && best.name.endsWith('自治州') && !inContext) continue;
    if (!c.short && best.level === 'county' && (c.entries.length > 1 || c.surface.length < 3) && !inContext)
      continue;
    out.push({ start: c.start, end: c.end, surface: c.surface, entry: best, short: c.short });
  }
  addVillages(text, out);
  return out;
}

/** Words of the language ending in 村 that jieba's dictionary lacks (its stem is no common word either). */
const VILLAGE_WORDS = new Set(['新农村']);

/** 中心村, 行政村, 新农村: a village's name that is also a word of the language. */
function wordLike(name: string): boolean {
  let v = WORD_LIKE.get(name);
  if (v === undefined) {
    const stem = name.slice(0, -1);
    v = dictEntry(name) !== undefined || isCommonWord(stem) || VILLAGE_WORDS.has(name);
    if (WORD_LIKE.size >= 65536) WORD_LIKE.clear();
    WORD_LIKE.set(name, v);
  }
  return v;
}
const WORD_LIKE = new Map<string, boolean>();

/** 百丈河村 is accepted only right after (or near) its own town: village names repeat across the country. */
function addVillages(text: string, mentions: RegionMention[]): void {
  const towns = mentions.filter((m) => m.entry.level === 'town');
  if (towns.length === 0 || !text.includes('村')) return;
  const g = gazetteer();
  // A name's first village (in the data's order) under any town the article names.
  let byName: Map<string, RegionEntry> | null = null;
  const villageNamed = (name: string): RegionEntry | undefined => {
    if (!byName) {
      byName = new Map();
      const codes = [...new Set(towns.map((t) => t.entry.code))];
      const all = codes.flatMap((c) => g.villagesOf(c));
      all.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      for (const v of all) if (!byName.has(v.name)) byName.set(v.name, v);
    }
    return byName.get(name);
  };
  // Sticky: only a name glued to the town counts (a later match would be skipped anyway).
  const re = /[\u4e00-\u9fff]{1,6}村/y;
  for (const t of towns) {
    re.lastIndex = t.end;
    const m = re.exec(text);
    if (!m || m.index !== t.end) continue;
    // Try the longest name ending in 村 that the town really has.
    for (let s = m.index; s < m.index + m[0].length - 1; s++) {
      const name = text.slice(s, m.index + m[0].length);
      const hit = villageNamed(name);
      // Glued to its town (某某镇光明村), any name; after other words (推进中心村建设), no word of the language.
      if (hit && (s === t.end || !wordLike(name))) {
        mentions.push({ start: s, end: s + name.length, surface: name, entry: hit, short: false });
        // Other mentions of the same village elsewhere in the article.
        let from = s + name.length;
        for (;;) {
          const k = text.indexOf(name, from);
          if (k < 0) break;
          mentions.push({ start: k, end: k + name.length, surface: name, entry: hit, short: false });
          from = k + name.length;
        }
        break;
      }
    }
  }
  // A village of a town the article names, named on its own elsewhere (建成某某村等3个美丽村庄): a name of two
  // characters or more before 村 that is no common word, not inside a mention already found.
  const seen = new Set<string>();
  for (const t of towns) {
    if (seen.has(t.entry.code)) continue;
    seen.add(t.entry.code);
    for (const v of g.villagesOf(t.entry.code)) {
      const name = v.name;
      const first = text.indexOf(name);
      if (first < 0 || name.length < 3 || !name.endsWith('村') || wordLike(name)) continue;
      for (let k = first; k >= 0; k = text.indexOf(name, k + name.length)) {
        const end = k + name.length;
        if (mentions.some((m) => m.start < end && k < m.end)) continue;
        mentions.push({ start: k, end, surface: name, entry: v, short: false });
      }
    }
  }
  mentions.sort((a, b) => a.start - b.start);
}

/** The short suffixes of zones and the full ones they stand for (洛阳经开区 = 洛阳经济技术开发区). */
const SUFFIX_FULL: Record<string, readonly string[]> = {
  经开区: ['经济技术开发区', '经济开发区'],
  高新区: ['高新技术产业开发区'],
  农高区: ['农业高新技术产业示范区'],
};

/** Whether two zone suffixes name the same kind of zone (经开区 and 经济技术开发区). */
export function sameZoneKind(a: string, b: string): boolean {
  return a === b || (SUFFIX_FULL[a]?.includes(b) ?? false) || (SUFFIX_FULL[b]?.includes(a) ?? false);
}

/** The zone's name with its short suffix spelled out (洛阳经开区 -> 洛阳经济技术开发区, 洛阳经济开发区). */
export function fullZoneNames(z: { name: string; suffix: string }): readonly string[] {
  const full = SUFFIX_FULL[z.suffix];
  if (!full) return [];
  const stem = z.name.slice(0, z.name.length - z.suffix.length);
  return full.map((f) => stem + f);
}

export interface ZoneMention {
  start: number;
  end: number;
  /** Canonical name as written with its place prefix (株洲高新区, 鄂州市临空经济区). */
  name: string;
  /** The region the zone belongs to, when the prefix names one. */
  parent: RegionEntry | null;
  /** The suffix type, to resolve a bare 高新区 to the article's own 株洲高新区. */
  suffix: string;
  bare: boolean;
}

/**
 * Functional zones by rule: [region prefix][core 0-4 chars][zone suffix]. A bare suffix (高新区) is kept
 * as `bare` so that the caller can resolve it to a zone of the same kind named elsewhere in the article.
 */
export function findZones(text: string, regions: RegionMention[]): ZoneMention[] {
  const out: ZoneMention[] = [];
  const byEnd = new Map<number, RegionMention>();
  for (const r of regions) byEnd.set(r.end, r);
  ZONE_SUFFIX.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ZONE_SUFFIX.exec(text))) {
    const suffix = m[1]!;
    const sEnd = m.index + suffix.length;
    // 新城 is a zone only with a government of its own (某某智造新城管委会); alone it is a new town.
    if (suffix === '新城' && !ZONE_ORGAN.test(text.slice(sEnd, sEnd + 3))) continue;
    // The division data already names it (临空经济区, 吉水县工业园区): the region mention is the zone.
    if (regions.some((r) => r.end === sEnd && r.start < m!.index + 1)) continue;
    // Walk left over the core (non-region CJK chars, at most 4) to a region prefix.
    let coreStart = m.index;
    let prefix: RegionMention | undefined = byEnd.get(coreStart);
    let steps = 0;
    while (!prefix && steps < 4 && coreStart > 0 && CJK.test(text[coreStart - 1]!)) {
      coreStart--;
      steps++;
      prefix = byEnd.get(coreStart);
    }
    if (!prefix) {
      // No region before: the core alone is the name (临空经济区) when it is a clean 2-4 char name.
      let s = m.index;
      while (s > 0 && m.index - s < 4 && CJK.test(text[s - 1]!) && !ZONE_BAD_CHARS.test(text[s - 1]!)) s--;
      const core = text.slice(s, m.index);
      const before = text[s - 1] ?? '';
      const cleanStart = !CJK.test(before) || ZONE_BAD_CHARS.test(before);
      const plainCore =
        core.length >= 2 && core.length <= 3 && !/[委记长书]/.test(core) && !isCommonWord(core, 50);
      if (cleanStart && plainCore && !ZONE_CORE_STOP.test(core)) {
        // A bare 湘江新区 is kept only to be matched against a prefixed 湖南湘江新区 by the caller.
        out.push({ start: s, end: sEnd, name: text.slice(s, sEnd), parent: null, suffix, bare: false });
      } else if (core.length === 0 || ZONE_CORE_STOP.test(core) || !cleanStart) {
        out.push({ start: m.index, end: sEnd, name: suffix, parent: null, suffix, bare: true });
      }
      continue;
    }
    // Extend over a chain of regions before the prefix (湖南省 + 凤凰园, 鄂州市 + 临空).
    let start = prefix.start;
    const core = text.slice(prefix.end, m.index);
    if (ZONE_BAD_CHARS.test(core) || ZONE_CORE_STOP.test(core)) continue;
    // A region right before the prefix belongs to the name only when it is the prefix's parent.
    const prev = byEnd.get(start);
    if (prev && prefix.entry.parent === prev.entry.code && core.length > 0) start = prev.start;
    if (suffix === '新区' && core.length === 0 && !prev && !ZONE_ORGAN.test(text.slice(sEnd, sEnd + 3))) {
      // 长沙新区 is rare; a region + 新区 with nothing between is usually "the new district of X", unless the
      // zone's own organs follow (西安新区党工委, 南充新区管委会): then it is a zone of government.
      out.push({ start: m.index, end: sEnd, name: suffix, parent: null, suffix, bare: true });
      continue;
    }
    out.push({
      start,
      end: sEnd,
      name: text.slice(start, sEnd),
      parent: prefix.entry,
      suffix,
      bare: false,
    });
  }
  return out;
}
