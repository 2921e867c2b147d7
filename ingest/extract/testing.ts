/**
 * Test helpers: a plain-text article as the reader would give it, and a scorer of evaluation rows against
 * gold files with the matching rules of the evaluation guidelines (GUIDELINES.md of the shared eval
 * folder): names compared after NFKC and without whitespace, a gold entry is one string or a list of
 * accepted spellings and matches one prediction once, predictions found in the gold's `ignore` lists are
 * neither right nor wrong; holds are [person, title, place] triples matched the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalRow } from '../model.ts';
import { isReadFailure, readArticles, type RawArticle } from '../read.ts';
import { extractArticle } from './index.ts';

export function textArticle(text: string, id = 't'): RawArticle {
  return {
    id,
    path: `${id}.txt`,
    format: 'txt',
    encoding: 'utf-8',
    text,
    title: null,
    date: null,
    source: null,
    url: null,
  };
}

export const ENTITY_TYPES = ['official', 'person', 'region', 'enterprise', 'project', 'slogan'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export type ScoredType = EntityType | 'holds';

/** One gold entry: a name, or the accepted spellings of one name. */
type GoldName = string | string[];
type GoldTriple = [GoldName, GoldName, GoldName];

export interface GoldFile {
  doc: string;
  official?: GoldName[];
  person?: GoldName[];
  region?: GoldName[];
  enterprise?: GoldName[];
  project?: GoldName[];
  slogan?: GoldName[];
  holds?: GoldTriple[];
  ignore?: Partial<Record<EntityType, GoldName[]>> & { holds?: GoldTriple[] };
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Score {
  counts: Record<ScoredType, Counts>;
  /** Precision, recall and F1 per type, and micro F1 over the six entity types (holds apart). */
  f1: Record<ScoredType, number>;
  micro: number;
  /** What was wrong, per document: `doc type false+|missed: value`. */
  errors: string[];
}

const norm = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').trim();
const variants = (g: GoldName): string[] => (Array.isArray(g) ? g : [g]).map(norm);

function tripleKeys([person, title, place]: GoldTriple): Set<string> {
  const keys = new Set<string>();
  for (const a of variants(person))
    for (const b of variants(title)) for (const c of variants(place)) keys.add(`${a}|${b}|${c}`);
  return keys;
}

function match(
  predicted: string[],
  gold: Set<string>[],
  ignored: Set<string>,
): { tp: number; fps: string[]; fns: number[] } {
  const used = gold.map(() => false);
  const fps: string[] = [];
  let tp = 0;
  for (const p of new Set(predicted)) {
    const i = gold.findIndex((keys, j) => !used[j] && keys.has(p));
    if (i >= 0) {
      used[i] = true;
      tp++;
    } else if (!ignored.has(p)) fps.push(p);
  }
  return { tp, fps, fns: used.flatMap((u, i) => (u ? [] : [i])) };
}

function f1Of({ tp, fp, fn }: Counts): number {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

/** Scores rows against gold files; a gold file without a row counts all its entries as missed. */
export function scoreRows(rows: EvalRow[], golds: GoldFile[]): Score {
  const counts = Object.fromEntries(
    [...ENTITY_TYPES, 'holds'].map((t) => [t, { tp: 0, fp: 0, fn: 0 }]),
  ) as Record<ScoredType, Counts>;
  const errors: string[] = [];
  const byDoc = new Map(rows.map((r) => [r.doc, r]));
  /** Matches one document's predictions of a type (as keys) against its gold entries' key sets. */
  const tally = (
    doc: string,
    type: ScoredType,
    predicted: string[],
    gold: Set<string>[],
    ignored: Set<string>,
  ) => {
    const r = match(predicted, gold, ignored);
    counts[type].tp += r.tp;
    counts[type].fp += r.fps.length;
    counts[type].fn += r.fns.length;
    for (const v of r.fps) errors.push(`${doc} ${type} false+: ${v}`);
    for (const i of r.fns) errors.push(`${doc} ${type} missed: ${[...gold[i]!][0]!}`);
  };
  for (const gold of golds) {
    const row = byDoc.get(gold.doc);
    for (const type of ENTITY_TYPES)
      tally(
        gold.doc,
        type,
        (row?.[type] ?? []).map(norm),
        (gold[type] ?? []).map((g) => new Set(variants(g))),
        new Set((gold.ignore?.[type] ?? []).flatMap(variants)),
      );
    tally(
      gold.doc,
      'holds',
      (row?.holds ?? []).map((t) => t.map(norm).join('|')),
      (gold.holds ?? []).map(tripleKeys),
      new Set((gold.ignore?.holds ?? []).flatMap((t) => [...tripleKeys(t)])),
    );
  }
  const micro: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const t of ENTITY_TYPES) {
    micro.tp += counts[t].tp;
    micro.fp += counts[t].fp;
    micro.fn += counts[t].fn;
  }
  const f1 = Object.fromEntries(Object.entries(counts).map(([t, c]) => [t, f1Of(c)])) as Record<
    ScoredType,
    number
  >;
  return { counts, f1, micro: f1Of(micro), errors };
}

/** The evaluation rows of the articles (.txt, .html) of a fixture folder, in file order. */
export async function fixtureRows(dir: string): Promise<EvalRow[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(txt|html)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  const out: EvalRow[] = [];
  for await (const a of readArticles(files)) {
    if (isReadFailure(a)) throw a.error;
    out.push(extractArticle(a).eval);
  }
  return out;
}

/** The gold files of a fixture folder (its gold/ subfolder), in file order. */
export function fixtureGolds(dir: string): GoldFile[] {
  const gold = join(dir, 'gold');
  return readdirSync(gold)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(gold, f), 'utf8')) as GoldFile);
}
