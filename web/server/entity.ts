/** Entity and edge details with their evidence, assembled from the store's fixed read methods. */
import type { GraphEdge, GraphNode } from '../../ingest/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import type { EdgeDetails, EntityDetails, EvidenceItem, PostHeld } from '../src/api-types.ts';
import { toSimplified, toTraditional } from './search-index.ts';

const MAX_EVIDENCE = 300;

export function articleNodeId(articleId: string): string {
  return articleId.startsWith('article:') ? articleId : `article:${articleId}`;
}

/** Every surface form of a node worth highlighting: name, aliases, traditional forms. */
export function surfaceForms(node: GraphNode): string[] {
  const forms = new Set<string>([node.name, ...node.aliases]);
  for (const f of [...forms]) forms.add(toTraditional(f));
  return [...forms].filter((f) => f.length > 0);
}

async function nodesById(store: GraphStore, ids: Iterable<string>): Promise<Map<string, GraphNode>> {
  const list = [...new Set(ids)];
  const map = new Map<string, GraphNode>();
  if (list.length === 0) return map;
  const sub = await store.subgraph(list);
  for (const n of sub.nodes) map.set(n.id, n);
  return map;
}

function evidenceItem(
  e: GraphEdge,
  self: string,
  nodes: Map<string, GraphNode>,
  articles: Map<string, GraphNode>,
  mentions: string[],
): EvidenceItem | null {
  if (!e.evidence) return null;
  const direction = e.source === self ? 'out' : 'in';
  const otherId = direction === 'out' ? e.target : e.source;
  const other = nodes.get(otherId);
  const art = articles.get(articleNodeId(e.evidence.articleId || e.articleId));
  const title = art?.props.title;
  const source = art?.props.source;
  const artDate = art?.props.date;
  return {
    edgeId: e.id,
    type: e.type,
    direction,
    otherId,
    otherName: other?.name ?? otherId,
    otherNameTrad: toTraditional(other?.name ?? otherId),
    otherLabel: other?.label ?? null,
    sentence: e.evidence.sentence,
    sentenceTrad: toTraditional(e.evidence.sentence),
    date: e.evidence.date ?? (typeof artDate === 'string' ? artDate : null),
    articleId: e.evidence.articleId || e.articleId,
    articleTitle: typeof title === 'string' ? title : null,
    outlet: typeof source === 'string' ? source : null,
    mentions: [
      ...mentions,
      ...(other ? surfaceForms(other) : []),
      ...(typeof e.props.title === 'string' ? [e.props.title, toTraditional(e.props.title)] : []),
    ],
  };
}

/** Aliases in both scripts, deduplicated, without forms equal to the canonical name. */
export function bothScripts(node: GraphNode): { simp: string; trad: string }[] {
  const seen = new Set<string>([node.name]);
  const out: { simp: string; trad: string }[] = [];
  for (const a of node.aliases) {
    const simp = toSimplified(a);
    if (seen.has(simp)) continue;
    seen.add(simp);
    out.push({ simp, trad: toTraditional(simp) });
  }
  return out;
}

const TYPE_ORDER = [
  'HOLDS',
  'INVOLVED_WITH',
  'WORKS_AT',
  'PROMOTES',
  'LOCATED_IN',
  'USED_IN',
  'HAS_PART',
  'WROTE',
];

export async function entityDetails(store: GraphStore, id: string): Promise<EntityDetails | null> {
  const node = await store.getNode(id);
  if (!node) return null;
  const sub = await store.neighbourhood(id, 1, 1000);
  const nodes = new Map(sub.nodes.map((n) => [n.id, n]));
  nodes.set(node.id, node);
  const incident = sub.edges.filter((e) => e.source === id || e.target === id);
  const articles = await nodesById(
    store,
    incident.filter((e) => e.evidence).map((e) => articleNodeId(e.evidence!.articleId || e.articleId)),
  );
  const mentions = surfaceForms(node);

  // Posts: Official -HOLDS-> Post, with the post's region.
  const holds = incident.filter((e) => e.type === 'HOLDS' && e.source === id);
  const regionIds = holds
    .map((e) => nodes.get(e.target)?.props.regionId)
    .filter((r): r is string => typeof r === 'string');
  const regions = await nodesById(store, regionIds);
  const posts: PostHeld[] = holds.map((e) => {
    const post = nodes.get(e.target);
    const regionId = typeof post?.props.regionId === 'string' ? post.props.regionId : null;
    const title = typeof e.props.title === 'string' ? e.props.title : post?.props.title;
    const since = e.props.since;
    const ev = evidenceItem(e, id, nodes, articles, mentions);
    const titleText = typeof title === 'string' ? title : (post?.name ?? e.target);
    const regionName = regionId ? (regions.get(regionId)?.name ?? null) : null;
    return {
      postId: e.target,
      title: titleText,
      titleTrad: toTraditional(titleText),
      regionId,
      regionName,
      regionNameTrad: regionName ? toTraditional(regionName) : null,
      date: typeof since === 'string' ? since : (ev?.date ?? null),
      evidence: ev,
    };
  });
  posts.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));

  const evidence = incident
    .map((e) => evidenceItem(e, id, nodes, articles, mentions))
    .filter((x): x is EvidenceItem => x !== null);
  const order = (t: string): number => {
    const i = TYPE_ORDER.indexOf(t);
    return i < 0 ? TYPE_ORDER.length : i;
  };
  evidence.sort((a, b) => order(a.type) - order(b.type) || (b.date ?? '').localeCompare(a.date ?? ''));

  return {
    node,
    trad: toTraditional(node.name),
    aliases: bothScripts(node),
    posts,
    evidence: evidence.slice(0, MAX_EVIDENCE),
    degree: incident.length,
  };
}

/** An edge found among the edges of its source node, with both ends and its evidence. */
export async function edgeDetails(
  store: GraphStore,
  source: string,
  edgeId: string,
): Promise<EdgeDetails | null> {
  const sub = await store.neighbourhood(source, 1, 1000);
  const edge = sub.edges.find((e) => e.id === edgeId);
  if (!edge) return null;
  const nodes = new Map(sub.nodes.map((n) => [n.id, n]));
  const src = nodes.get(edge.source) ?? (await store.getNode(edge.source));
  const tgt = nodes.get(edge.target) ?? (await store.getNode(edge.target));
  if (src) nodes.set(src.id, src);
  if (tgt) nodes.set(tgt.id, tgt);
  const articles = edge.evidence
    ? await nodesById(store, [articleNodeId(edge.evidence.articleId || edge.articleId)])
    : new Map<string, GraphNode>();
  const mentions = [...(src ? surfaceForms(src) : []), ...(tgt ? surfaceForms(tgt) : [])];
  return {
    edge,
    source: src,
    target: tgt,
    evidence: evidenceItem(edge, edge.source, nodes, articles, mentions),
  };
}
