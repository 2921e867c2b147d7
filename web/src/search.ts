/**
 * One search box: simplified or traditional characters, full pinyin (`lai xiao zhi`, `laixiaozhi`)
 * and pinyin initials (`lxz`). The index entries carry precomputed keys (server side, pinyin-pro and
 * opencc-js); the query is folded to simplified by the `toSimplified` function given (opencc-js t2cn
 * in the browser).
 */
import type { SearchEntry } from './api-types.ts';

export interface SearchHit {
  entry: SearchEntry;
  score: number;
  /** What matched: 'name', 'alias', 'pinyin', 'initials'. */
  via: 'name' | 'alias' | 'pinyin' | 'initials';
}

const HAN = /\p{Script=Han}/u;

export function normalisePinyin(q: string): string {
  return q
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z0-9]/g, '');
}

function rank(hay: string, needle: string): number {
  if (!needle) return 0;
  if (hay === needle) return 100;
  if (hay.startsWith(needle)) return 80 - Math.min(20, hay.length - needle.length);
  const i = hay.indexOf(needle);
  if (i >= 0) return 50 - Math.min(20, i);
  return 0;
}

export function searchEntries(
  entries: readonly SearchEntry[],
  query: string,
  toSimplified: (s: string) => string = (s) => s,
  limit = 12,
): SearchHit[] {
  const q = query.trim();
  if (!q) return [];
  const hits: SearchHit[] = [];
  if (HAN.test(q)) {
    const simp = toSimplified(q).replace(/\s+/g, '');
    const raw = q.replace(/\s+/g, '');
    for (const entry of entries) {
      let best = Math.max(rank(entry.name, simp), rank(entry.name, raw), rank(entry.trad, raw));
      let via: SearchHit['via'] = 'name';
      for (const alias of entry.aliases) {
        const s = Math.max(rank(alias, raw), rank(toSimplified(alias), simp)) - 5;
        if (s > best) {
          best = s;
          via = 'alias';
        }
      }
      if (best > 0) hits.push({ entry, score: best, via });
    }
  } else {
    const py = normalisePinyin(q);
    if (!py) return [];
    const lower = q.toLowerCase();
    for (const entry of entries) {
      const byName = Math.max(
        rank(entry.name.toLowerCase(), lower),
        ...entry.aliases.map((a) => rank(a.toLowerCase(), lower)),
      );
      const byPinyin = rank(entry.py, py);
      // Initials only from 2 letters on, and only as a prefix or exact match: `l` would match everything.
      const byInitials = py.length >= 2 && entry.initials.startsWith(py) ? rank(entry.initials, py) - 10 : 0;
      const best = Math.max(byName, byPinyin, byInitials);
      if (best <= 0) continue;
      const via: SearchHit['via'] = best === byName ? 'name' : best === byPinyin ? 'pinyin' : 'initials';
      hits.push({ entry, score: best, via });
    }
  }
  hits.sort(
    (a, b) =>
      b.score - a.score || b.entry.degree - a.entry.degree || a.entry.name.localeCompare(b.entry.name),
  );
  return hits.slice(0, limit);
}

/** Splits a sentence into plain and highlighted parts for the given surface forms (longest first). */
export function highlightParts(
  sentence: string,
  mentions: readonly string[],
): { text: string; hit: boolean }[] {
  const forms = [...new Set(mentions.filter((m) => m.length > 0))].sort((a, b) => b.length - a.length);
  const parts: { text: string; hit: boolean }[] = [];
  let plain = '';
  let i = 0;
  outer: while (i < sentence.length) {
    for (const f of forms) {
      if (sentence.startsWith(f, i)) {
        if (plain) parts.push({ text: plain, hit: false });
        plain = '';
        parts.push({ text: f, hit: true });
        i += f.length;
        continue outer;
      }
    }
    plain += sentence[i];
    i++;
  }
  if (plain) parts.push({ text: plain, hit: false });
  return parts;
}
