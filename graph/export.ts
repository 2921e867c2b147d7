/**
 * Subgraph export: GEXF 1.3 (graphology-gexf), GraphML (written here: graphology-graphml only
 * parses), graphology JSON (graph.export()), CSV (nodes and edges) and a Cypher script that
 * recreates the subgraph. Every format carries all node and edge attributes, the evidence, and the
 * provenance (the query and parameters, or the entity and hops, that produced it).
 *
 * GEXF and GraphML have no null: null-valued properties are left out and read back as absent.
 */
import Graph from 'graphology';
import * as gexf from 'graphology-gexf';
import { NODE_LABELS, REL_TYPES, type PropValue } from '../ingest/model.ts';
import {
  flattenEdge,
  flattenNode,
  toGraphology,
  type FlatAttrs,
  type FlatValue,
  type GraphAttrs,
  type KnowledgeGraph,
  type NodeAttrs,
  type EdgeAttrs,
} from './graphology.ts';
import type { Subgraph } from './store.ts';

export const EXPORT_FORMATS = ['gexf', 'graphml', 'json', 'csv', 'cypher'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface Provenance {
  query?: string;
  params?: Record<string, unknown>;
  entity?: string;
  hops?: number;
  createdAt: string;
}

export interface ExportFile {
  name: string;
  content: string;
}

export const CREATOR = 'zhengtu knowledge-graph explorer';

export class ExportError extends Error {
  override readonly name = 'ExportError';
  readonly code: 'FORMAT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = 'FORMAT';
  }
}

export function isExportFormat(v: string): v is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(v);
}

/** One line saying where the subgraph comes from (JSON-escaped: it never contains a line break). */
export function provenanceLine(p: Provenance): string {
  const parts: string[] = [];
  if (p.query !== undefined)
    parts.push(`query ${JSON.stringify(p.query)} params ${JSON.stringify(p.params ?? {})}`);
  if (p.entity !== undefined) parts.push(`entity ${JSON.stringify(p.entity)} hops ${p.hops ?? 1}`);
  parts.push(`created ${JSON.stringify(p.createdAt)}`);
  return parts.join('; ').replace(/[\r\n\u2028\u2029]/g, ' ');
}

export function graphAttrs(p: Provenance): GraphAttrs {
  const a: GraphAttrs = {
    creator: CREATOR,
    description: `Subgraph exported by ${CREATOR}: ${provenanceLine(p)}`,
    createdAt: p.createdAt,
  };
  if (p.query !== undefined) {
    a.query = p.query;
    a.params = p.params ?? {};
  }
  if (p.entity !== undefined) {
    a.entity = p.entity;
    a.hops = p.hops ?? 1;
  }
  return a;
}

// ----------------------------------------------------------------------------------------- GEXF

function toGexf(g: KnowledgeGraph, p: Provenance): string {
  // GEXF meta keeps creator, description and the date; the provenance is in the description.
  const meta = new Map<string, string>([
    ['lastModifiedDate', p.createdAt.slice(0, 10)],
    ['creator', CREATOR],
    ['description', g.getAttribute('description')],
    ['keywords', 'knowledge graph, officials, posts, regions, evidence'],
  ]);
  const copy = new Graph<NodeAttrs, EdgeAttrs>({ type: 'directed', multi: true, allowSelfLoops: true });
  const data = g.export();
  copy.import({ nodes: data.nodes, edges: data.edges });
  copy.replaceAttributes(Object.fromEntries(meta));
  return gexf.write(copy, {
    version: '1.3',
    formatNode: (_key, a) => {
      const flat = flattenNode(a);
      const { label, ...attributes } = flat;
      const out: { label: string; attributes: FlatAttrs; viz?: { x?: number; y?: number } } = {
        label: String(label),
        attributes,
      };
      if (a.x !== undefined || a.y !== undefined) out.viz = { x: a.x ?? 0, y: a.y ?? 0 };
      return out;
    },
    formatEdge: (_key, a) => ({ label: a.kind, attributes: flattenEdge(a) }),
  });
}

// -------------------------------------------------------------------------------------- GraphML

/** Whether a UTF-16 code unit sequence position holds a character XML 1.0 cannot carry. */
function xmlAllowed(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c !== 0xfffe && c !== 0xffff);
}

/** Drops C0 controls (except tab/LF/CR), U+FFFE/U+FFFF and lone surrogates. */
function xmlChars(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (xmlAllowed(c) && !(c >= 0xd800 && c <= 0xdfff)) out += ch;
  }
  return out;
}

export function xmlEscape(s: string): string {
  return xmlChars(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

type GraphmlType = 'boolean' | 'long' | 'double' | 'string';

function graphmlType(v: FlatValue): GraphmlType | null {
  if (v === null) return null;
  if (Array.isArray(v) || typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return Number.isInteger(v) ? 'long' : 'double';
}

function mergeType(a: GraphmlType | undefined, b: GraphmlType): GraphmlType {
  if (a === undefined || a === b) return b;
  if ((a === 'long' && b === 'double') || (a === 'double' && b === 'long')) return 'double';
  return 'string';
}

function graphmlValue(v: FlatValue): string {
  return Array.isArray(v) ? JSON.stringify(v) : String(v);
}

function toGraphml(g: KnowledgeGraph, p: Provenance): string {
  const nodes = g.mapNodes((id, a) => {
    const flat = flattenNode(a);
    if (a.x !== undefined) flat.x = a.x;
    if (a.y !== undefined) flat.y = a.y;
    return { id, flat };
  });
  const edges = g.mapEdges((id, a, source, target) => ({ id, source, target, flat: flattenEdge(a) }));
  const model = (items: { flat: FlatAttrs }[]): Map<string, GraphmlType> => {
    const m = new Map<string, GraphmlType>();
    for (const { flat } of items) {
      for (const [k, v] of Object.entries(flat)) {
        const t = graphmlType(v);
        if (t) m.set(k, mergeType(m.get(k), t));
      }
    }
    return m;
  };
  const nodeModel = model(nodes);
  const edgeModel = model(edges);
  const graphData: [string, string][] = [
    ['creator', CREATOR],
    ['description', g.getAttribute('description')],
    ['createdAt', p.createdAt],
  ];
  if (p.query !== undefined) graphData.push(['query', p.query], ['params', JSON.stringify(p.params ?? {})]);
  if (p.entity !== undefined) graphData.push(['entity', p.entity], ['hops', String(p.hops ?? 1)]);

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  const keyIds = new Map<string, string>();
  let k = 0;
  const declare = (domain: 'graph' | 'node' | 'edge', name: string, type: GraphmlType): void => {
    const id = `${domain[0]}${k++}`;
    keyIds.set(`${domain}:${name}`, id);
    out.push(`  <key id="${id}" for="${domain}" attr.name="${xmlEscape(name)}" attr.type="${type}"/>`);
  };
  for (const [name] of graphData) declare('graph', name, name === 'hops' ? 'long' : 'string');
  for (const [name, type] of nodeModel) declare('node', name, type);
  for (const [name, type] of edgeModel) declare('edge', name, type);
  const data = (domain: string, flat: FlatAttrs, indent: string): string[] =>
    Object.entries(flat)
      .filter(([, v]) => v !== null)
      .map(
        ([name, v]) =>
          `${indent}<data key="${keyIds.get(`${domain}:${name}`)!}">${xmlEscape(graphmlValue(v))}</data>`,
      );
  out.push('  <graph id="G" edgedefault="directed">');
  for (const [name, v] of graphData)
    out.push(`    <data key="${keyIds.get(`graph:${name}`)!}">${xmlEscape(v)}</data>`);
  for (const n of nodes) {
    out.push(`    <node id="${xmlEscape(n.id)}">`, ...data('node', n.flat, '      '), '    </node>');
  }
  for (const e of edges) {
    out.push(
      `    <edge id="${xmlEscape(e.id)}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}">`,
      ...data('edge', e.flat, '      '),
      '    </edge>',
    );
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

// ------------------------------------------------------------------------------------------ CSV

export function csvCell(v: FlatValue | undefined): string {
  if (v === undefined || v === null) return '';
  const s = Array.isArray(v) ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvTable(rows: FlatAttrs[], fixed: string[]): string {
  const cols = [...fixed];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const lines = [cols.map((c) => csvCell(c)).join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvCell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function toCsv(g: KnowledgeGraph, p: Provenance): { nodes: string; edges: string } {
  const head = `# ${CREATOR}: ${provenanceLine(p)}\r\n`;
  const nodes = g.mapNodes((id, a) => ({ id, ...flattenNode(a) }));
  const edges = g.mapEdges((id, a, source, target) => ({ id, source, target, ...flattenEdge(a) }));
  return {
    nodes: head + csvTable(nodes, ['id', 'label', 'kind', 'aliases']),
    edges: head + csvTable(edges, ['id', 'source', 'target', 'kind', 'articleId']),
  };
}

/** The two CSV files as one text with `# nodes` and `# edges` sections (for stdout). */
export function combineCsv(files: ExportFile[]): string {
  return files
    .map((f) => {
      const [comment, ...rest] = f.content.split('\r\n');
      return `${comment}\r\n# ${f.name.replace(/\.csv$/, '')}\r\n${rest.join('\r\n')}`;
    })
    .join('\r\n');
}

// --------------------------------------------------------------------------------------- Cypher

/** A Cypher string literal: every character that could end the literal or the line is escaped. */
export function cypherString(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + "'";
}

export function cypherValue(v: PropValue | string[]): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(cypherString).join(', ')}]`;
  if (typeof v === 'string') return cypherString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return Number.isFinite(v) ? String(v) : 'null';
}

/** An identifier (label, type, property key) in backticks, backticks doubled. */
export function cypherName(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && !/^(end|start)$/i.test(s) ? s : `\`${s.replace(/`/g, '``')}\``;
}

function cypherMap(entries: [string, PropValue | string[]][]): string {
  return `{${entries.map(([k, v]) => `${cypherName(k)}: ${cypherValue(v)}`).join(', ')}}`;
}

function toCypher(g: KnowledgeGraph, p: Provenance): string {
  const lines: string[] = [
    `// ${CREATOR}: a script that recreates an exported subgraph (Neo4j 5 Cypher, e.g. cypher-shell -f FILE).`,
    `// ${provenanceLine(p)}`,
    `// ${g.order} nodes, ${g.size} relationships. Evidence is stored on each relationship (articleId, sentence, start, end, date).`,
  ];
  const labels = new Set(g.mapNodes((_id, a) => a.kind));
  for (const l of NODE_LABELS) {
    if (!labels.has(l)) continue;
    lines.push(
      `CREATE CONSTRAINT ${cypherName(`${l.toLowerCase()}_id`)} IF NOT EXISTS FOR (n:${cypherName(l)}) REQUIRE n.id IS UNIQUE;`,
    );
  }
  g.forEachNode((id, a) => {
    if (!(NODE_LABELS as readonly string[]).includes(a.kind))
      throw new ExportError(`[graph/export] bad label ${a.kind}`);
    const props: [string, PropValue | string[]][] = [
      ['name', a.name],
      ['aliases', a.aliases],
      ...Object.entries(a.props).filter(([k]) => k !== 'id' && k !== 'name' && k !== 'aliases'),
    ];
    lines.push(`MERGE (n:${cypherName(a.kind)} {id: ${cypherString(id)}}) SET n += ${cypherMap(props)};`);
  });
  g.forEachEdge((id, a, source, target, sa, ta) => {
    if (!(REL_TYPES as readonly string[]).includes(a.kind))
      throw new ExportError(`[graph/export] bad type ${a.kind}`);
    const props: [string, PropValue | string[]][] = [
      ['articleId', a.articleId],
      ...Object.entries(a.props).filter(([k]) => k !== 'id'),
    ];
    if (a.evidence) {
      props.push(
        ['sentence', a.evidence.sentence],
        ['start', a.evidence.start],
        ['end', a.evidence.end],
        ['date', a.evidence.date],
      );
    }
    lines.push(
      `MATCH (a:${cypherName(sa.kind)} {id: ${cypherString(source)}}), (b:${cypherName(ta.kind)} {id: ${cypherString(target)}}) ` +
        `MERGE (a)-[r:${cypherName(a.kind)} {id: ${cypherString(id)}}]->(b) SET r += ${cypherMap(props)};`,
    );
  });
  return lines.join('\n') + '\n';
}

// ----------------------------------------------------------------------------------------- API

/**
 * Serialises a subgraph. Returns one file per format, two for CSV (`nodes.csv`, `edges.csv`; use
 * combineCsv for a single text).
 */
export function exportSubgraph(
  sub: Subgraph,
  format: ExportFormat,
  provenance: Provenance,
): { files: ExportFile[] } {
  const g = toGraphology(sub, graphAttrs(provenance));
  switch (format) {
    case 'gexf':
      return { files: [{ name: 'graph.gexf', content: toGexf(g, provenance) }] };
    case 'graphml':
      return { files: [{ name: 'graph.graphml', content: toGraphml(g, provenance) }] };
    case 'json':
      return { files: [{ name: 'graph.json', content: JSON.stringify(g.export(), null, 2) + '\n' }] };
    case 'csv': {
      const { nodes, edges } = toCsv(g, provenance);
      return {
        files: [
          { name: 'nodes.csv', content: nodes },
          { name: 'edges.csv', content: edges },
        ],
      };
    }
    case 'cypher':
      return { files: [{ name: 'graph.cypher', content: toCypher(g, provenance) }] };
    default:
      throw new ExportError(
        `[graph/export] unknown format "${String(format)}"; use one of ${EXPORT_FORMATS.join(', ')}`,
      );
  }
}
