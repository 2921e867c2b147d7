/**
 * extractArticle(): one raw article in, its graph (nodes, edges with evidence) and its evaluation row out.
 * Pure apart from the shared, lazily built lexicons (gazetteer, segmenter).
 */
import { hash } from 'node:crypto';
import { clean, type Cleaned } from '../clean/index.ts';
import type {
  ArticleGraph,
  EvalRow,
  Evidence,
  GraphEdge,
  GraphNode,
  NodeLabel,
  Props,
  RelType,
} from '../model.ts';
import type { RawArticle } from '../read.ts';
import { gazetteer, type RegionEntry } from './gazetteer.ts';
import { INVOLVEMENT_VERBS, SPEECH_VERBS } from './lexicon.ts';
import { findOrgs, shortName, type OrgMention } from './orgs.ts';
import {
  findBylines,
  findOfficials,
  findRolePeople,
  settleNames,
  type Place,
  type TextIndex,
} from './people.ts';
import {
  findRegions,
  findZones,
  fullZoneNames,
  sameZoneKind,
  ZONE_IN_TITLE,
  ZONE_ORGAN,
  type RegionMention,
  type ZoneMention,
} from './regions.ts';
import { cut, dictEntry, TokenIndex } from './segment.ts';
import { findSlogans } from './slogans.ts';

export interface Extraction {
  graph: ArticleGraph;
  eval: EvalRow;
}

interface Sentence {
  start: number;
  end: number;
}

/** Sentences end at 。！？； and at line ends; a closing quote after the mark stays in the sentence. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || /[。!?!?;;]/.test(c)) {
      let e = i + 1;
      while (c !== '\n' && /[”’」)]/.test(text[e] ?? '')) e++;
      if (text.slice(s, e).trim()) out.push({ start: s, end: c === '\n' ? i : e });
      s = e;
      i = e - 1;
    }
  }
  if (s < text.length && text.slice(s).trim()) out.push({ start: s, end: text.length });
  return out;
}

/** Resolved places: the region entry or the zone's canonical name, with a stable node id. */
interface PlaceInfo {
  id: string;
  name: string;
  entry: RegionEntry | null;
  zone: ZoneMention | null;
  province: string;
}

class Builder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();
  /** Edge key -> id (the same fact is often seen several times in one article). */
  private readonly edgeIds = new Map<string, string>();
  constructor(readonly articleId: string) {}

  node(id: string, label: NodeLabel, name: string, props: Props = {}, alias?: string): GraphNode {
    let n = this.nodes.get(id);
    if (!n) {
      n = { id, label, name, aliases: [], props: { ...props } };
      this.nodes.set(id, n);
    } else {
      for (const [k, v] of Object.entries(props)) if (n.props[k] == null) n.props[k] = v;
    }
    if (alias && alias !== n.name && !n.aliases.includes(alias)) n.aliases.push(alias);
    return n;
  }

  edge(
    type: RelType,
    source: string,
    target: string,
    props: Props,
    evidence: Evidence | null,
    reference = false,
  ): void {
    const articleId = reference ? '' : this.articleId;
    const key = `${type}|${source}|${target}|${articleId}|${props['title'] ?? ''}|${props['verb'] ?? ''}|${props['role'] ?? ''}`;
    let id = this.edgeIds.get(key);
    if (id === undefined) {
      id = `e:${hash('sha1', key).slice(0, 20)}`;
      this.edgeIds.set(key, id);
    }
    const prev = this.edges.get(id);
    if (prev) {
      if (typeof prev.props['count'] === 'number') prev.props['count'] += 1;
      return;
    }
    this.edges.set(id, { id, type, source, target, articleId, props, evidence: reference ? null : evidence });
  }
}

/**
 * The compact form of extractArticle's results for the worker pool (ExtractPool transport 'json'):
 * 15.6K characters of JSON per synthetic article packed to 6.2K, see ../extract-codec.ts.
 */
export const resultCodecs = {
  extractArticle: {
    module: new URL('../extract-codec.ts', import.meta.url).href,
    exportName: 'extractionCodec',
  },
};

/**
 * Builds the shared lexicons (gazetteer and its name trie, the segmenter and its dictionary) now rather
 * than on the first article. The worker pool (ingest/parallel.ts) calls it while a worker starts.
 */
export function prepare(): void {
  clean('預熱'); // builds the t2s trie (and reads its place-name phrases)
  gazetteer();
  cut('预热');
  dictEntry('预热');
}

type Mention = { start: number; end: number; surface: string };

/**
 * One article while it is extracted: its text and indexes, the graph being built, and the lookups the
 * stages share (sentences, evidence, places). extractArticle() runs the stages below on it, each a
 * function of its own: as one 400-line function with its helpers as closures, V8's optimising compiler
 * inlined everything into one unit that took 0.3-1.5 s to compile and was recompiled after each
 * deoptimisation (8-10 times per thread in a run; in a worker pool half the CPU was compilation).
 */
class ArticleContext {
  readonly g = gazetteer();
  readonly text: string;
  readonly regions: RegionMention[];
  readonly zones: ZoneMention[];
  readonly idx: TextIndex;
  readonly sentences: Sentence[];
  readonly date: string | null;
  /** The article's own province: the most named one. */
  readonly mainProvince: string | null;
  readonly b: Builder;
  readonly articleNodeId: string;
  readonly articleNode: GraphNode;
  readonly mentioned = new Map<string, Mention[]>();
  readonly zoneIds = new Map<ZoneMention, string>();
  /** Regions added with their chains (adding one is idempotent: once per entry). */
  private readonly added = new Set<RegionEntry>();
  /** `code|prefix` -> the place of that level the region is or lies in (paragraphPlaceAt). */
  private readonly levelOf = new Map<string, PlaceInfo | null>();

  constructor(
    readonly raw: RawArticle,
    readonly cleaned: Cleaned,
  ) {
    // Read with half-width punctuation (，：（） as ,:()), as the rules are written; one character for one, so
    // offsets hold. Evidence quotes the cleaned text itself.
    const text = halfwidthPunctuation(cleaned.text);
    this.text = text;
    const tokens = cut(text);
    const tokensAt = new TokenIndex(tokens, text.length);
    this.regions = findRegions(text);
    this.zones = resolveZones(findZones(text, this.regions));
    this.idx = { text, tokensAt, regions: this.regions, zones: this.zones };
    this.sentences = splitSentences(text);
    this.date = raw.date ?? null;
    const provinceVotes = new Map<string, number>();
    for (const r of this.regions)
      if (r.entry.level !== 'country')
        provinceVotes.set(r.entry.province, (provinceVotes.get(r.entry.province) ?? 0) + 1);
    this.mainProvince = [...provinceVotes.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null;
    this.b = new Builder(raw.id);
    this.articleNodeId = `article:${raw.id}`;
    this.articleNode = this.b.node(this.articleNodeId, 'Article', raw.title ?? guessTitle(cleaned.text), {
      title: raw.title ?? guessTitle(cleaned.text),
      date: this.date,
      source: raw.source,
      url: raw.url,
      path: raw.path,
      hash: hash('sha256', raw.text),
    });
  }

  sentenceAt(pos: number): Sentence {
    // Sentences are sorted and disjoint: binary search (evidence is looked up for every edge).
    const sentences = this.sentences;
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sentences[mid]!;
      if (pos < s.start) hi = mid - 1;
      else if (pos >= s.end) lo = mid + 1;
      else return s;
    }
    return { start: pos, end: Math.min(this.text.length, pos + 1) };
  }

  evidence(start: number, end: number): Evidence {
    const s = this.sentenceAt(start);
    const [os, oe] = this.cleaned.toOriginal(start, end);
    return {
      articleId: this.raw.id,
      sentence: this.cleaned.text.slice(s.start, s.end).trim(),
      start: os,
      end: oe,
      date: this.date,
    };
  }

  mention(id: string, start: number, end: number, surface: string): void {
    const list = this.mentioned.get(id);
    if (list) list.push({ start, end, surface });
    else this.mentioned.set(id, [{ start, end, surface }]);
  }

  /** A region with its parent chain as reference facts; its node id. */
  addRegion(e: RegionEntry): string {
    if (this.added.has(e)) return regionId(e);
    this.added.add(e);
    const { g, b } = this;
    const chain =
      e.level === 'village'
        ? [e, ...g.ancestors(g.get(e.parent ?? '') ?? e).filter((x) => x !== e)]
        : g.ancestors(e);
    let childId: string | null = null;
    for (const x of chain) {
      const id = regionId(x);
      b.node(id, 'Region', x.name, {
        code: x.code,
        level: x.level,
        parentId: x.parent ? `region:${x.parent}` : null,
      });
      if (childId) b.edge('PART_OF', childId, id, {}, null, true);
      childId = id;
    }
    if (e.level !== 'country' && e.province !== 'CN' && e.province) {
      const top = chain[chain.length - 1]!;
      if (top.level === 'province') b.edge('PART_OF', regionId(top), 'region:CN', {}, null, true);
      b.node('region:CN', 'Region', '中国', { code: 'CN', level: 'country', parentId: null });
    }
    return regionId(e);
  }

  placeInfo(p: Place): PlaceInfo | null {
    if (p.kind === 'region') {
      const e = p.mention.entry;
      return { id: regionId(e), name: e.name, entry: e, zone: null, province: e.province };
    }
    const id = this.zoneIds.get(p.zone);
    if (!id) return null;
    return {
      id,
      name: id.slice('region:zone:'.length),
      entry: null,
      zone: p.zone,
      province: p.zone.parent?.province ?? this.mainProvince ?? '',
    };
  }

  provincePlace(code: string | null): PlaceInfo | null {
    const e = code ? this.g.get(code) : undefined;
    if (!e) return null;
    this.addRegion(e);
    return { id: regionId(e), name: e.name, entry: e, zone: null, province: e.province };
  }

  /**
   * A title that names its level (市长, 区委书记, 镇党委书记) but no place belongs to the place before it at
   * that level: 市长 after 渌口区 is the mayor of its city. Unchanged when nothing on the chain fits.
   */
  atLevel(place: PlaceInfo, prefix: string | null): PlaceInfo | null {
    if (!place.entry || !prefix || !(prefix in PREFIX_LEVEL) || fitsLevel(place.entry, prefix)) return place;
    // A place above that level (湖南省 before 市委书记) or of another kind is none of it.
    const up = this.g.ancestors(place.entry).find((e) => fitsLevel(e, prefix));
    if (!up) return null;
    this.addRegion(up);
    return { id: regionId(up), name: up.name, entry: up, zone: null, province: up.province };
  }

  nearestRegionBefore(pos: number): PlaceInfo | null {
    const s = this.sentenceAt(pos);
    let best: RegionMention | null = null;
    for (const r of this.regions)
      if (r.start >= s.start && r.end <= pos && r.entry.level !== 'country') best = r;
    return best ? this.placeInfo({ kind: 'region', mention: best }) : null;
  }

  /**
   * The place of a title that names none: the nearest before it in its sentence, at the title's level.
   * A title that names its level (市委书记, 县长) in a sentence without a place belongs to the nearest place
   * of that level before it (`晋江市第十八届人大…开幕。…市委书记张伟东`).
   */
  nearestAt(pos: number, prefix: string | null, partySecretary = false): PlaceInfo | null {
    const near = this.nearestRegionBefore(pos);
    if (near) return this.atLevel(near, prefix);
    const inParagraph = prefix && prefix in PREFIX_LEVEL ? this.paragraphPlaceAt(pos, prefix) : null;
    if (inParagraph) return inParagraph;
    return partySecretary ? this.provincePlace(this.mainProvince) : null;
  }

  /**
   * The nearest region before `pos` in its paragraph (else earlier in the article) that is, or lies in, a
   * place of the prefix's level.
   */
  paragraphPlaceAt(pos: number, prefix: string): PlaceInfo | null {
    const regions = this.regions;
    for (let i = regions.length - 1; i >= 0; i--) {
      const r = regions[i]!;
      if (r.end > pos) continue;
      if (r.entry.level === 'country') continue;
      const key = `${r.entry.code}|${prefix}`;
      let place = this.levelOf.get(key);
      if (place === undefined) {
        place = this.atLevel(this.placeInfo({ kind: 'region', mention: r })!, prefix);
        this.levelOf.set(key, place);
      }
      if (place) return place;
    }
    return null;
  }

  /**
   * The zone of a title that starts with a zone's organ (党工委副书记, 管委会主任) and names no place: the
   * nearest zone named before it in its paragraph, else the article's only zone.
   */
  zoneBefore(pos: number): PlaceInfo | null {
    const lineStart = this.text.lastIndexOf('\n', pos - 1) + 1;
    let best: ZoneMention | null = null;
    let only: ZoneMention | null = null;
    let several = false;
    for (const z of this.zones) {
      const id = this.zoneIds.get(z);
      if (!id) continue;
      if (only === null) only = z;
      else if (this.zoneIds.get(only) !== id) several = true;
      if (z.end <= pos && z.start >= lineStart) best = z;
    }
    const zone = best ?? (several ? null : only);
    return zone ? this.placeInfo({ kind: 'zone', zone }) : null;
  }
}

export function extractArticle(raw: RawArticle): Extraction {
  const cx = new ArticleContext(raw, clean(raw.text));
  addPlaces(cx);
  // People and officials.
  const people = settleNames(cx.idx, [
    ...findOfficials(cx.idx),
    ...findBylines(cx.idx),
    ...findRolePeople(cx.idx),
  ]);
  const orgs = findOrgs(cx.idx);
  const { officialIds, holds } = addOfficials(cx, people);
  const staff = addPeople(cx, people, officialIds, orgs);
  // Enterprises and projects: merge short and full forms.
  const canonicalOrg = mergeOrgs(orgs, cx.regions, cx.text);
  addOrgs(cx, orgs, staff, canonicalOrg);
  const slogans = addSlogans(cx, orgs);
  addSentenceFacts(cx, orgs, canonicalOrg, slogans);
  const source = addOutlet(cx);
  addMentions(cx);

  const { b } = cx;
  const evalRow = buildEval(raw, b, holds, cx.regions, orgs);
  const graph: ArticleGraph = {
    article: {
      id: raw.id,
      path: raw.path,
      title: raw.title ?? guessTitle(cx.cleaned.text),
      date: cx.date,
      source,
      url: raw.url,
      hash: cx.articleNode.props['hash'] as string,
    },
    nodes: [...b.nodes.values()],
    // Every edge joins two nodes of this document (a dangling edge is a bug, never written).
    edges: [...b.edges.values()].filter((e) => b.nodes.has(e.source) && b.nodes.has(e.target)),
  };
  return { graph, eval: evalRow };
}

/** Regions and zones, with their parent chains as reference facts. */
function addPlaces(cx: ArticleContext): void {
  const { b, zones, zoneIds } = cx;
  for (const r of cx.regions) {
    const id = cx.addRegion(r.entry);
    b.node(id, 'Region', r.entry.name, {}, r.surface);
    cx.mention(id, r.start, r.end, r.surface);
  }
  for (const z of zones) {
    if (z.bare) continue;
    const canonical = zoneCanonical(z, zones);
    const id = `region:zone:${canonical}`;
    zoneIds.set(z, id);
    b.node(
      id,
      'Region',
      canonical,
      { code: null, level: 'zone', parentId: z.parent ? regionId(z.parent) : null },
      z.name,
    );
    if (z.parent) {
      const pid = cx.addRegion(z.parent);
      b.edge('PART_OF', id, pid, {}, null, true);
    }
    cx.mention(id, z.start, z.end, z.name);
  }
  for (const z of zones) {
    if (!z.bare) continue;
    const target = zones.find((o) => !o.bare && sameZoneKind(o.suffix, z.suffix));
    if (target) {
      zoneIds.set(z, zoneIds.get(target)!);
      cx.mention(zoneIds.get(target)!, z.start, z.end, z.name);
    }
  }
}

type Person = ReturnType<typeof settleNames>[number];

/** Officials (people with a post that is no enterprise's), their posts and HOLDS. */
function addOfficials(
  cx: ArticleContext,
  people: Person[],
): { officialIds: Map<string, string>; holds: [string, string, string][] } {
  const { b, mainProvince } = cx;
  const holds: [string, string, string][] = [];
  const officialIds = new Map<string, string>();
  for (const p of people) {
    const official = p.segments.some((s) => !s.enterprise);
    if (!official) continue;
    let last: PlaceInfo | null = null;
    const chainProvince =
      p.segments.map((s) => (s.place ? cx.placeInfo(s.place)?.province : undefined)).find((x) => x) ??
      mainProvince;
    const resolved: { title: string; place: PlaceInfo | null; seg: (typeof p.segments)[number] }[] = [];
    // A post of a zone that is no region we know (大同经开区党工委书记 without 大同市 in the text): no place,
    // neither the region before it nor, for the zone's organs after it (管委会主任), a carried one.
    let unknownZone = false;
    for (const seg of p.segments) {
      if (seg.generic) {
        resolved.push({ title: seg.title, place: null, seg });
        continue;
      }
      let place = seg.place?.kind === 'zone' ? cx.placeInfo(seg.place) : null;
      if (seg.place?.kind !== 'zone' && ZONE_IN_TITLE.test(seg.title)) {
        unknownZone = true;
        last = null;
        resolved.push({ title: seg.title, place: null, seg });
        continue;
      }
      if (unknownZone && !seg.place && ZONE_ORGAN.test(seg.title)) {
        resolved.push({ title: seg.title, place: null, seg });
        continue;
      }
      if (seg.place?.kind === 'region') place = cx.placeInfo(seg.place);
      if (!place && !last?.zone && ZONE_ORGAN.test(seg.title)) place = cx.zoneBefore(seg.start);
      if (!place) {
        if (/^(总书记|国家主席|国务院总理|总理|副总理)$/.test(seg.title))
          place = cx.provincePlace(null) ?? chinaPlace(b);
        else if (seg.levelPrefix === '省' || /^(省长|副省长)$/.test(seg.title))
          place = cx.provincePlace(chainProvince);
        else if (last) place = cx.atLevel(last, seg.levelPrefix) ?? cx.nearestAt(seg.start, seg.levelPrefix);
        else place = cx.nearestAt(seg.start, seg.levelPrefix, seg.title === '书记');
      }
      if (place) last = place;
      resolved.push({ title: seg.title, place, seg });
    }
    const province = resolved.find((r) => r.place)?.place?.province ?? mainProvince ?? 'CN';
    const oid = officialIds.get(p.name) ?? `official:${p.name}@${province}`;
    officialIds.set(p.name, oid);
    b.node(oid, 'Official', p.name, { province });
    for (const r of resolved) {
      if (!r.place || r.seg.enterprise) continue;
      // 县政协原副主席, 原区委书记: a former post. The Post is the office (县政协副主席, 区委书记), the one its
      // other holders hold; the HOLDS edge keeps the title as the article wrote it and is marked former, and
      // the post is not reported as held.
      const formerAt = FORMER_POST.exec(r.title);
      const former = formerAt !== null || r.seg.former === true;
      const office = formerAt
        ? r.title.slice(0, formerAt[0].length - 1) + r.title.slice(formerAt[0].length)
        : r.title;
      const postId = `post:${office}@${r.place.id}`;
      b.node(postId, 'Post', postName(r.place.name, office), { title: office, regionId: r.place.id });
      const props: Props = former
        ? { title: r.title, since: cx.date, former: true }
        : { title: r.title, since: cx.date };
      b.edge('HOLDS', oid, postId, props, cx.evidence(p.start, p.end));
      b.edge('POST_IN', postId, r.place.id, {}, null, true);
      if (!former) holds.push([p.name, r.title, r.place.name]);
    }
    cx.mention(oid, p.start, p.end, p.name);
  }
  return { officialIds, holds };
}

interface Staff {
  pid: string;
  org: OrgMention;
  title: string;
  start: number;
  end: number;
}

/**
 * Non-officials: enterprise staff and bylines. WORKS_AT waits for the merge of short and full names: the
 * staff are returned (an enterprise named only by its staff is added to `orgs`).
 */
function addPeople(
  cx: ArticleContext,
  people: Person[],
  officialIds: Map<string, string>,
  orgs: OrgMention[],
): Staff[] {
  const { b } = cx;
  const staff: Staff[] = [];
  for (const p of people) {
    if (officialIds.has(p.name)) {
      cx.mention(officialIds.get(p.name)!, p.start, p.end, p.name);
      continue;
    }
    const pid = `person:${p.name}`;
    const role = p.role;
    const ent = p.segments.find((s) => s.enterprise);
    b.node(pid, 'Person', p.name, { role: role ?? ent?.title ?? null });
    cx.mention(pid, p.start, p.end, p.name);
    if (role) b.edge('WROTE', pid, cx.articleNodeId, { role }, cx.evidence(p.start, p.end));
    if (ent) {
      let orgName = ent.org.replace(/^(拜访|看望|走访)/, '');
      // 王某听取公司董事长…: a verb right before 公司 makes it the company named before.
      const verbBefore = /([\u4e00-\u9fff]{2})(该司|该公司|公司)$/.exec(orgName);
      if (verbBefore && dictEntry(verbBefore[1]!)?.tag.startsWith('v')) orgName = verbBefore[2]!;
      if (/^(该司|该公司|公司|该企业|企业|该集团|集团|合作社|该合作社|)$/.test(orgName)) {
        // 该司, 企业董事长: the enterprise named last before, in the same sentence.
        const s = cx.sentenceAt(p.start);
        const prev = orgs
          .filter((o) => o.kind === 'enterprise' && o.start >= s.start && o.end <= p.start)
          .pop();
        orgName = prev?.name ?? '';
      }
      const isProject = /(工程|项目)$/.test(orgName);
      const name = isProject ? orgName.replace(/(工程|项目)$/, '') : orgName;
      // 项目经理: the project is none named.
      if (name.length >= 2) {
        const k = orgs.find((o) => o.name === name);
        const om: OrgMention = k ?? {
          kind: isProject ? 'project' : 'enterprise',
          name,
          start: ent.start,
          end: ent.start + name.length,
        };
        if (!k) orgs.push(om);
        if (!isProject) staff.push({ pid, org: om, title: ent.title, start: p.start, end: p.end });
      }
    }
  }
  return staff;
}

/** Enterprises and projects (merged to their canonical forms), WORKS_AT and LOCATED_IN. */
function addOrgs(
  cx: ArticleContext,
  orgs: OrgMention[],
  staff: Staff[],
  canonicalOrg: Map<OrgMention, OrgMention>,
): void {
  const { b, regions, text } = cx;
  for (const w of staff) {
    const org = orgNodeId(canonicalOrg.get(w.org) ?? w.org);
    b.edge('WORKS_AT', w.pid, org, { title: w.title }, cx.evidence(w.start, w.end));
  }
  for (const o of orgs) {
    const canon = canonicalOrg.get(o) ?? o;
    const id = orgNodeId(canon);
    const label: NodeLabel = canon.kind === 'enterprise' ? 'Enterprise' : 'Project';
    b.node(id, label, canon.name, {}, o.name);
    cx.mention(id, o.start, o.end, o.name);
    if (canon === o && o.kind === 'enterprise') {
      // The short form (时代华鑫) used elsewhere in the article is an alias and a mention of the company.
      const pre = regions.find((r) => r.start === o.start)?.surface ?? null;
      const short = shortName(o.name, pre);
      let k = short ? text.indexOf(short) : -1;
      while (short && k >= 0) {
        if (k < o.start || k >= o.end) {
          b.node(id, label, canon.name, {}, short);
          cx.mention(id, k, k + short.length, short);
        }
        k = text.indexOf(short, k + short.length);
      }
    }
    // Located in the region its name starts with, or the nearest region of its sentence.
    const prefix = regions.find((r) => r.start === o.start && r.end < o.end) ?? null;
    const loc = prefix ? cx.placeInfo({ kind: 'region', mention: prefix }) : cx.nearestRegionBefore(o.start);
    if (loc) b.edge('LOCATED_IN', id, loc.id, {}, cx.evidence(o.start, o.end));
  }
}

type SloganMention = ReturnType<typeof findSlogans>['slogans'][number];

/** Slogans (a short spelling of a formula is its alias) and HAS_PART; the mentions and their node ids. */
function addSlogans(
  cx: ArticleContext,
  orgs: OrgMention[],
): { slogans: SloganMention[]; sid: (t: string) => string } {
  const { b } = cx;
  const projectSpans = orgs.filter((o) => o.kind === 'project');
  const { slogans, parts } = findSlogans(cx.text, (s, e) =>
    projectSpans.some((o) => o.start <= s && e <= o.end + 2),
  );
  const sloganId = (t: string) => `slogan:${t.replace(/[,,]/g, '、')}`;
  const sloganName = new Map<string, string>();
  const sid = (t: string) => sloganId(sloganName.get(sloganId(t)) ?? t);
  // 六位 and 六位一体 in one article: the short spelling is the formula's alias.
  for (const s of slogans) {
    const longer = slogans.find(
      (o) =>
        !o.part &&
        o.text.length > s.text.length &&
        o.text.startsWith(s.text) &&
        /^[一二三四五六七八九十两双]/.test(s.text),
    );
    if (longer) sloganName.set(sloganId(s.text), longer.text);
  }
  for (const s of slogans) {
    const canonical = sloganName.get(sloganId(s.text));
    if (canonical && canonical !== s.text) {
      const id = sloganId(canonical);
      b.node(id, 'Slogan', canonical, { part: false }, s.text);
      cx.mention(id, s.start, s.end, s.text);
      continue;
    }
    const id = sloganId(s.text);
    if (!sloganName.has(id)) sloganName.set(id, s.text);
    b.node(id, 'Slogan', sloganName.get(id)!, { part: s.part }, s.text);
    cx.mention(id, s.start, s.end, s.text);
  }
  for (const l of parts)
    if (sid(l.formula) !== sid(l.part)) b.edge('HAS_PART', sid(l.formula), sid(l.part), {}, null);
  return { slogans, sid };
}

/**
 * Relations within sentences: officials involved with enterprises/projects, officials promoting slogans;
 * and the slogans used in the article's most named specific place.
 */
function addSentenceFacts(
  cx: ArticleContext,
  orgs: OrgMention[],
  canonicalOrg: Map<OrgMention, OrgMention>,
  { slogans, sid }: { slogans: SloganMention[]; sid: (t: string) => string },
): void {
  const { b, text } = cx;
  const officialMentions = [...cx.mentioned.entries()].filter(([id]) => id.startsWith('official:'));
  for (const sent of cx.sentences) {
    const sText = text.slice(sent.start, sent.end);
    const inSent = (list: { start: number }[]) =>
      list.filter((m) => m.start >= sent.start && m.start < sent.end);
    const offs = officialMentions.filter(([, ms]) => inSent(ms).length > 0);
    const named = offs.map(([id, ms]) => ({ id, at: inSent(ms)[0]! }));
    // A sentence without a name continues the last speaker of its paragraph (她/他).
    if (named.length === 0) continue;
    const verb = INVOLVEMENT_VERBS.find((v) => sText.includes(v));
    if (verb) {
      for (const o of orgs) {
        if (o.start < sent.start || o.start >= sent.end) continue;
        const canon = canonicalOrg.get(o) ?? o;
        for (const n of named)
          b.edge('INVOLVED_WITH', n.id, orgNodeId(canon), { verb }, cx.evidence(o.start, o.end));
      }
    }
    const speaks = SPEECH_VERBS.some((v) => sText.includes(v)) || /[“”]/.test(sText);
    if (speaks) {
      for (const s of slogans) {
        if (s.part || s.start < sent.start || s.start >= sent.end) continue;
        for (const n of named) b.edge('PROMOTES', n.id, sid(s.text), {}, cx.evidence(s.start, s.end));
      }
    }
  }
  // Slogans are used in the article's most named specific place.
  const focus = focusRegion(cx.mentioned, b);
  if (focus)
    for (const s of slogans)
      if (!s.part) b.edge('USED_IN', sid(s.text), focus, {}, cx.evidence(s.start, s.end));
}

/** The outlet (the article's source, or a 来源: line) and PUBLISHED_BY; the source's name. */
function addOutlet(cx: ArticleContext): string | null {
  const { b, raw } = cx;
  const outlet = /(?:来源|来自)\s*[:：]\s*([^\s\n]{2,20})/.exec(cx.text);
  const source = raw.source ?? outlet?.[1] ?? null;
  if (source) {
    const name = source.replace(/[\]】)]$/, '');
    const oid = `outlet:${name}`;
    b.node(oid, 'Outlet', name, {});
    const at = outlet ? outlet.index : 0;
    b.edge('PUBLISHED_BY', cx.articleNodeId, oid, {}, outlet ? cx.evidence(at, at + outlet[0].length) : null);
    cx.articleNode.props['source'] = name;
  }
  return source;
}

/** MENTIONS, and the surface forms of the mentions (original traditional ones too) as aliases. */
function addMentions(cx: ArticleContext): void {
  const { b, raw, cleaned } = cx;
  for (const [id, ms] of cx.mentioned) {
    if (!b.nodes.has(id)) continue;
    const first = ms[0]!;
    b.edge('MENTIONS', cx.articleNodeId, id, { count: ms.length }, cx.evidence(first.start, first.end));
    for (const m of ms) {
      const n = b.nodes.get(id)!;
      if (m.surface !== n.name && !n.aliases.includes(m.surface)) n.aliases.push(m.surface);
      // Original (traditional) surface forms are aliases too.
      const [os, oe] = cleaned.toOriginal(m.start, m.end);
      // Trimmed: the span of a mention in the original text can take in the spaces the cleaner dropped
      // around it (a byline `通讯员 蒋波伟 张德` gave the alias `蒋波伟 `).
      const orig = raw.text.slice(os, oe).trim();
      if (orig && orig !== n.name && !n.aliases.includes(orig) && orig.length <= n.name.length + 4)
        n.aliases.push(orig);
    }
  }
}

/** Whether a region is of the level a title's prefix names (市 a city or county-level city, 镇 a town ...). */
function fitsLevel(e: RegionEntry, prefix: string): boolean {
  switch (prefix) {
    case '市':
      // A city, a county-level city, or a municipality (北京市 is of province level).
      return e.level === 'city' ? !/(州|盟|地区)$/.test(e.name) : e.level !== 'town' && e.name.endsWith('市');
    case '州':
      return e.level === 'city' && e.name.endsWith('州');
    case '县':
      return e.level === 'county' && /(县|旗)$/.test(e.name);
    case '区':
      return (e.level === 'county' || e.level === 'zone') && e.name.endsWith('区');
    case '镇':
    case '乡':
      return e.level === 'town' && e.name.endsWith(prefix);
    case '村':
      return e.level === 'village';
    default:
      return true;
  }
}

/**
 * A post's name: the place, then the title, an organ's level said once (桐庐县 + 县政协副主席 = 桐庐县政协副主席,
 * 株洲市 + 市委书记 = 株洲市委书记) but the head's kept (渌口区区长).
 */
function postName(place: string, title: string): string {
  const organ = title.length > 2 && title[0] === place[place.length - 1] && title[1] !== '长';
  return place + (organ ? title.slice(1) : title);
}

/** A post the person no longer holds: 原 before the post (政协原副主席, 原区委书记, 原党组成员). */
const FORMER_POST = /^(?:[\u4e00-\u9fff]{0,8}?)原(?=[副常党区县市镇乡省州村总主书局厅处科院委])/;

/** The prefixes of a title that name a level (市长, 县委书记, 镇党委书记). */
const PREFIX_LEVEL = { 市: 1, 州: 1, 县: 1, 区: 1, 镇: 1, 乡: 1, 村: 1 };

const FULLWIDTH_PUNCT = /[\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e]/g;

/** Full-width ASCII punctuation (，：；（）！？) as its half-width form; letters and digits are left alone. */
export function halfwidthPunctuation(text: string): string {
  FULLWIDTH_PUNCT.lastIndex = 0;
  if (!FULLWIDTH_PUNCT.test(text)) return text;
  return text.replace(FULLWIDTH_PUNCT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function regionId(e: RegionEntry): string {
  return `region:${e.code}`;
}

function chinaPlace(b: Builder): PlaceInfo {
  b.node('region:CN', 'Region', '中国', { code: 'CN', level: 'country', parentId: null });
  return { id: 'region:CN', name: '中国', entry: gazetteer().get('CN') ?? null, zone: null, province: 'CN' };
}

/** A site's breadcrumb trail: short segments joined by `>` (湖南人大网>专题>正文). */
const BREADCRUMB = /^[^>＞»]{1,15}(?:\s*[>＞»]\s*[^>＞»]{1,15}){1,}$/;
/** Editorial labels that open an article without being its title, alone or before a colon. */
const LABEL = /^(?:编者按|编者的话|编者|导读|导语|核心提示|摘要|内容提要|提要)(?:\s*[:：]\s*|$)/;

/**
 * The article's title when the source gives none: its first line that is not a breadcrumb trail or an
 * editorial label alone (编者按), without a leading label (摘要:…), cut to its first sentence when it is a
 * paragraph; else its first line.
 */
export function guessTitle(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const line of lines.slice(0, 5)) {
    if (BREADCRUMB.test(line)) continue;
    const rest = line.replace(LABEL, '').trim();
    if (rest === '') continue;
    // A paragraph, not a title line: its first sentence.
    const stop = rest.length > 40 ? rest.slice(0, 80).search(/[。！？!?]/) : -1;
    return (stop > 0 ? rest.slice(0, stop + 1) : rest).slice(0, 80);
  }
  return (lines[0] ?? '').slice(0, 80);
}

function orgNodeId(o: OrgMention): string {
  return `${o.kind}:${o.name}`;
}

/** Bare zones (高新区) resolve to the article's named zone of the same kind; 湘江新区 to 湖南湘江新区. */
function resolveZones(zones: ZoneMention[]): ZoneMention[] {
  const named = zones.filter((z) => !z.bare);
  return zones.filter((z) => {
    if (z.bare) return named.some((o) => sameZoneKind(o.suffix, z.suffix));
    if (z.parent || z.suffix !== '新区') return true;
    return named.some((o) => o !== z && o.name.endsWith(z.name));
  });
}

function zoneCanonical(z: ZoneMention, zones: ZoneMention[]): string {
  // The full spelling of a short suffix named in the article (洛阳经开区 -> 洛阳经济技术开发区).
  const full = fullZoneNames(z);
  const spelled = full.length ? zones.find((o) => !o.bare && full.includes(o.name)) : undefined;
  const name = spelled?.name ?? z.name;
  // The longest spelling among zones that end with this one's core (湘江新区 -> 湖南湘江新区).
  const longer = zones.filter((o) => !o.bare && o.name.length > name.length && o.name.endsWith(name));
  return longer.sort((a, b) => b.name.length - a.name.length)[0]?.name ?? name;
}

/** Short forms (时代华鑫) and near spellings (旭昇电子 / 旭昇电子公司) map to one canonical mention. */
function mergeOrgs(orgs: OrgMention[], regions: RegionMention[], text: string): Map<OrgMention, OrgMention> {
  const out = new Map<OrgMention, OrgMention>();
  const full = orgs.filter((o) => o.kind === 'enterprise');
  for (const o of full) {
    const prefix = regions.find((r) => r.start === o.start)?.surface ?? null;
    const short = shortName(o.name, prefix);
    if (!short || !text.includes(short)) continue;
    for (const other of orgs) {
      if (other === o) continue;
      if (other.name === short || (other.name.startsWith(short) && other.name.length < o.name.length))
        out.set(other, o);
    }
  }
  // 华某 after 富顺华某电力设备有限公司: a bare brand that starts the company's name (after its place) is it.
  for (const o of full) {
    const prefix = regions.find((r) => r.start === o.start)?.surface ?? '';
    const core = o.name.slice(prefix.length);
    for (const other of full) {
      if (other === o || out.has(other) || out.has(o)) continue;
      // After the place it names (or an unrecognised place of up to 3 characters: 醴陵恒泰…).
      const at = core.indexOf(other.name);
      if (other.name.length >= 2 && other.name.length <= core.length - 4 && at >= 0 && at <= 3)
        out.set(other, o);
    }
  }
  for (const o of orgs) {
    for (const other of orgs) {
      if (other.kind !== o.kind || other === o || out.has(other)) continue;
      if (other.name + '公司' === o.name || other.name === o.name) out.set(other, out.get(o) ?? o);
      // 娄底材料谷 and 材料谷: a region prefix does not make another project.
      const pre = regions.find((r) => r.start === other.start)?.surface;
      if (pre && other.name === pre + o.name) out.set(other, out.get(o) ?? o);
      // 冷链物流中心 after 某镇高原特色水果冷链物流中心: the shorter name later on refers back to it.
      if (
        o.kind === 'project' &&
        other.start >= o.end &&
        other.name.length >= 4 &&
        o.name.length > other.name.length &&
        o.name.endsWith(other.name)
      )
        out.set(other, out.get(o) ?? o);
    }
  }
  return out;
}

/** The most mentioned county-or-lower place (else city, else province): where the article's slogans are used. */
function focusRegion(mentioned: Map<string, { start: number }[]>, b: Builder): string | null {
  const rank = { village: 5, town: 4, zone: 3, county: 3, city: 2, province: 1, country: 0 } as const;
  let best: string | null = null;
  let bestScore = -1;
  for (const [id, ms] of mentioned) {
    if (!id.startsWith('region:')) continue;
    const n = b.nodes.get(id);
    const level = (n?.props['level'] ?? 'country') as keyof typeof rank;
    const score = ms.length * 2 + (rank[level] ?? 0);
    if (level !== 'country' && score > bestScore) {
      best = id;
      bestScore = score;
    }
  }
  return best;
}

function buildEval(
  raw: RawArticle,
  b: Builder,
  holds: [string, string, string][],
  regions: RegionMention[],
  orgs: OrgMention[],
): EvalRow {
  const names = (label: NodeLabel, filter: (n: GraphNode) => boolean = () => true) => [
    ...new Set([...b.nodes.values()].filter((n) => n.label === label && filter(n)).map((n) => n.name)),
  ];
  // A region named only inside a company's name (山东 in 山东某某有限公司) is not mentioned on its own.
  const companies = orgs.filter((o) => o.kind === 'enterprise');
  const mentionedRegionIds = new Set(
    regions
      .filter((r) => !companies.some((o) => o.start <= r.start && r.end <= o.end))
      .map((r) => `region:${r.entry.code}`),
  );
  const regionNames = names('Region', (n) => mentionedRegionIds.has(n.id) || n.props['level'] === 'zone');
  const base = raw.path.split(/[\\/]/).pop() ?? raw.id;
  return {
    doc: raw.format === 'jsonl' ? raw.id : base,
    official: names('Official'),
    person: names('Person'),
    region: regionNames,
    enterprise: names('Enterprise'),
    project: names('Project'),
    slogan: names('Slogan', (n) => n.props['part'] !== true),
    holds: dedupeTriples(holds),
  };
}

function dedupeTriples(list: [string, string, string][]): [string, string, string][] {
  const seen = new Set<string>();
  return list.filter((t) => {
    // 市林业局局长 and 林业局局长 at 怀化市 are one post.
    const k = `${t[0]}|${t[1].replace(/^[省市县区州镇乡村]/, '')}|${t[2]}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
