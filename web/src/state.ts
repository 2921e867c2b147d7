/**
 * The explorer's state and its changes as pure functions (tested without a DOM), and the
 * state <-> URL mapping so that a link reopens the same view.
 */
import type { NodeLabel } from './api-types.ts';
import { NODE_LABELS } from '../../ingest/model.ts';
import type { Script } from './display.ts';

export type Lang = 'zh' | 'en';
export type ResultTab = 'graph' | 'table';

export interface AppState {
  lang: Lang;
  script: Script;
  /** Selected entity id. */
  entity: string | null;
  /** Selected edge id (not kept in the URL: edge ids change with re-ingest). */
  edge: string | null;
  /** Saved query shown, and its parameters as typed in the form. */
  query: string | null;
  params: Record<string, string>;
  tab: ResultTab;
  hiddenKinds: NodeLabel[];
}

export const initialState: AppState = {
  lang: 'zh',
  script: 'simp',
  entity: null,
  edge: null,
  query: null,
  params: {},
  tab: 'graph',
  hiddenKinds: [],
};

export type Action =
  | { type: 'selectEntity'; id: string | null }
  | { type: 'selectEdge'; id: string | null }
  | { type: 'toggleKind'; kind: NodeLabel }
  | { type: 'setScript'; script: Script }
  | { type: 'setLang'; lang: Lang }
  | { type: 'chooseQuery'; name: string | null; params?: Record<string, string> }
  | { type: 'setParam'; name: string; value: string }
  | { type: 'setTab'; tab: ResultTab };

export function reduce(s: AppState, a: Action): AppState {
  switch (a.type) {
    case 'selectEntity':
      return { ...s, entity: a.id, edge: null };
    case 'selectEdge':
      return { ...s, edge: a.id, entity: a.id === null ? s.entity : null };
    case 'toggleKind': {
      const hidden = s.hiddenKinds.includes(a.kind)
        ? s.hiddenKinds.filter((k) => k !== a.kind)
        : [...s.hiddenKinds, a.kind];
      return { ...s, hiddenKinds: NODE_LABELS.filter((k) => hidden.includes(k)) };
    }
    case 'setScript':
      return { ...s, script: a.script };
    case 'setLang':
      return { ...s, lang: a.lang };
    case 'chooseQuery':
      return a.name === s.query && !a.params ? s : { ...s, query: a.name, params: a.params ?? {} };
    case 'setParam':
      return { ...s, params: { ...s.params, [a.name]: a.value } };
    case 'setTab':
      return { ...s, tab: a.tab };
  }
}

/** Query-string form of the state: `?q=NAME&p.region=株洲市&e=ID&lang=en&script=trad&tab=table&hide=Article,Outlet`. */
export function stateToSearch(s: AppState): string {
  const u = new URLSearchParams();
  if (s.query) {
    u.set('q', s.query);
    for (const [k, v] of Object.entries(s.params)) if (v !== '') u.set(`p.${k}`, v);
  }
  if (s.entity) u.set('e', s.entity);
  if (s.lang !== 'zh') u.set('lang', s.lang);
  if (s.script !== 'simp') u.set('script', s.script);
  if (s.tab !== 'graph') u.set('tab', s.tab);
  if (s.hiddenKinds.length) u.set('hide', s.hiddenKinds.join(','));
  const str = u.toString();
  return str ? `?${str}` : '';
}

function isLabel(x: string): x is NodeLabel {
  return (NODE_LABELS as readonly string[]).includes(x);
}

export function stateFromSearch(search: string, base: AppState = initialState): AppState {
  const u = new URLSearchParams(search);
  const params: Record<string, string> = {};
  for (const [k, v] of u) if (k.startsWith('p.') && k.length > 2) params[k.slice(2)] = v;
  const lang = u.get('lang');
  const script = u.get('script');
  const tab = u.get('tab');
  return {
    ...base,
    query: u.get('q') || null,
    params: u.get('q') ? params : {},
    entity: u.get('e') || null,
    edge: null,
    lang: lang === 'en' ? 'en' : 'zh',
    script: script === 'trad' ? 'trad' : 'simp',
    tab: tab === 'table' ? 'table' : 'graph',
    hiddenKinds: (u.get('hide') ?? '').split(',').filter(isLabel),
  };
}

/** Table columns for query rows: the union of keys in first-seen order. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** A cell of the result table as text: nodes and edges by name, lists joined. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(cellText).join('、');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string') return o.name;
    if (typeof o.type === 'string' && typeof o.source === 'string') return o.type;
    return JSON.stringify(v);
  }
  return String(v);
}

/** The form's initial values from a query's parameter defaults, overridden by URL values. */
export function formValues(
  params: readonly {
    name: string;
    default?: string | number | boolean | null;
    example: string | number | boolean;
  }[],
  given: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) {
    const g = given[p.name];
    out[p.name] =
      g !== undefined ? g : p.default === undefined || p.default === null ? '' : String(p.default);
  }
  return out;
}

export interface TableColumn {
  /** The column shown. */
  key: string;
  /** The column holding the node id its cells link to (`name` -> `id`, `region` -> `region_id`). */
  linkTo: string | null;
}

/**
 * The columns of the result table as shown: an id column is folded into its readable sibling
 * (`id` into `name`, `X_id` into `X`), which then links to the entity. Ids stay in the exports.
 */
export function tableColumns(columns: readonly string[]): TableColumn[] {
  const has = new Set(columns);
  const sibling = (c: string): string | null =>
    c === 'id' ? 'name' : c.endsWith('_id') ? c.slice(0, -3) : null;
  const out: TableColumn[] = [];
  for (const c of columns) {
    const s = sibling(c);
    if (s && has.has(s)) continue;
    const idCol = c === 'name' ? 'id' : `${c}_id`;
    out.push({ key: c, linkTo: has.has(idCol) ? idCol : null });
  }
  return out;
}
