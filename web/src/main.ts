/**
 * The explorer page: sigma v3 drawing a typed graphology graph, search, legend, saved queries,
 * side panel, export. View state lives in `state` (pure transitions in state.ts, mirrored in the URL)
 * and in `display` (reducers in display.ts); the graph itself only holds data.
 */
import Sigma from 'sigma';
import {
  createEdgeArrowProgram,
  EdgeLineProgram,
  NodeCircleProgram,
  NodePointProgram,
} from 'sigma/rendering';
import { downloadAsPNG, drawOnCanvas } from '@sigma/export-image';
import { NODE_LABELS } from '../../ingest/model.ts';
import { api, ApiError } from './api.ts';
import type {
  CompactGraph,
  EdgeDetails,
  EntityDetails,
  ExportFormat,
  NodeLabel,
  ParamInfo,
  QueryInfo,
  QueryResult,
  SearchEntry,
} from './api-types.ts';
import {
  DEFAULT_EDGE_TYPE,
  DEFAULT_NODE_TYPE,
  FAST_EDGE_TYPE,
  FAST_NODE_TYPE,
  edgeDisplay,
  emptyDisplayState,
  KIND_COLOURS,
  nodeDisplay,
  sizeForDegree,
  viewModes,
  type DisplayState,
} from './display.ts';
import { clear, download, h } from './dom.ts';
import {
  countByKind,
  createViewGraph,
  isKeyless,
  loadCompact,
  mergeSubgraph,
  type ViewEdgeAttrs,
  type ViewNodeAttrs,
} from './graph-model.ts';
import {
  columnName,
  kindName,
  paramDescription,
  queryDescription,
  queryTitle,
  t,
  type MessageKey,
} from './i18n.ts';
import { LayoutSupervisor, SHADOW_LAYOUT_NODES, type LayoutStatus } from './layout.ts';
import { edgeAt, type DrawnEdge } from './hit.ts';
import { renderEdge, renderEntity, type PanelContext } from './panel.ts';
import { searchEntries } from './search.ts';
import {
  cellText,
  formValues,
  reduce,
  stateFromSearch,
  stateToSearch,
  tableColumns,
  type Action,
  type AppState,
  type TableColumn,
} from './state.ts';
import './style.css';

/** Timeline of the start (performance marks `zt:*`, read by web/scale.ts). */
const mark = (name: string): void => void performance.mark(`zt:${name}`);
mark('script');

/**
 * Traditional -> simplified for search queries: opencc-js and its dictionary are a chunk of their
 * own, loaded with the search index (their parsing is not on the way to the first frame).
 */
let toSimplified: (s: string) => string = (s) => s;
let simplifierLoad: Promise<void> | null = null;
/**
 * Loads the converter beside the index, without holding the index up: until it comes, a query in
 * traditional characters still finds names through the index's traditional forms; when it comes,
 * the open suggestions are computed again. A failed load is tried again on the next need.
 */
function loadSimplifier(): void {
  simplifierLoad ??= import('opencc-js/t2cn').then(
    (OpenCC) => {
      toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
      if (document.activeElement === searchInput && searchInput.value) renderSuggestions();
    },
    () => void (simplifierLoad = null),
  );
}

// ---------------------------------------------------------------- state
let state: AppState = stateFromSearch(location.search);
/** Traditional names by node id (search index and panels), shared with the reducers. */
const tradById = new Map<string, string>();
const display: DisplayState = {
  ...emptyDisplayState(),
  script: state.script,
  hiddenKinds: new Set(state.hiddenKinds),
  tradNames: tradById,
};
const graph = createViewGraph();
let maxDegree = 1;
let index: SearchEntry[] = [];
let queries: QueryInfo[] = [];
let lastResult: QueryResult | null = null;
let queryError: { message: string; param?: string } | null = null;
let backendInfo = '';

function dispatch(a: Action): void {
  state = reduce(state, a);
  display.script = state.script;
  display.hiddenKinds = new Set(state.hiddenKinds);
  history.replaceState(null, '', `${location.pathname}${stateToSearch(state)}`);
}

const tr = (key: MessageKey): string => t(state.lang, key);

// ---------------------------------------------------------------- layout of the page
const root = document.getElementById('app')!;
const headerEl = h('header', { class: 'top' });
const legendEl = h('section', { class: 'legend' });
const queriesEl = h('section', { class: 'queries' });
const sidebar = h('aside', { class: 'sidebar' }, legendEl, queriesEl);
const tabsEl = h('nav', { class: 'tabs' });
const sigmaEl = h('div', { class: 'sigma', id: 'graph' });
const tableEl = h('div', { class: 'table-view', hidden: true });
const statusEl = h('footer', { class: 'status' });
const centre = h('main', { class: 'centre' }, tabsEl, sigmaEl, tableEl, statusEl);
const panelEl = h('aside', { class: 'panel', hidden: true });
root.append(headerEl, h('div', { class: 'body' }, sidebar, centre, panelEl));

// ---------------------------------------------------------------- sigma
function recomputeDegrees(): void {
  maxDegree = 1;
  graph.forEachNode((n) => {
    maxDegree = Math.max(maxDegree, graph.degree(n));
  });
}

const layout = new LayoutSupervisor(graph, (n) => sizeForDegree(graph.degree(n), maxDegree));
/** Above this many edges, edges are hidden while the layout moves the nodes, and not pickable. */
const BIG_GRAPH_EDGES = 5_000;
layout.onStatus((status) => {
  const hide = status !== 'idle' && graph.size > BIG_GRAPH_EDGES;
  if (hide !== display.hideEdges) {
    display.hideEdges = hide;
    refresh();
  }
  renderStatus();
});

function refresh(): void {
  renderer.refresh({ skipIndexation: true });
}

function setActiveNeighbours(): void {
  const active = display.hovered ?? display.selected;
  display.neighbours = active && graph.hasNode(active) ? new Set(graph.neighbors(active)) : null;
}

/** Re-processes what a hover change restyles: everything when others fade, else two neighbourhoods. */
function refreshAround(before: string | null): void {
  const after = display.hovered ?? display.selected;
  if (display.fadeOthers) {
    refresh();
    return;
  }
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const n of [before, after]) {
    if (!n || !graph.hasNode(n)) continue;
    nodes.add(n);
    graph.forEachNeighbor(n, (m) => nodes.add(m));
    graph.forEachEdge(n, (e) => edges.add(e));
  }
  // Without fading nor z-index sorting (big graphs) a hover changes no position, size, visibility
  // or drawing order: the few items are rewritten in place, without re-indexing the whole graph.
  // The frame is drawn with the next one (a camera move in the same frame costs one render).
  renderer.refresh({
    partialGraph: { nodes: [...nodes], edges: [...edges] },
    skipIndexation: !renderer.getSetting('zIndex'),
    schedule: true,
  });
}

// No hover effects while the user drags the view (each would re-process the graph mid-pan).
let dragging = false;
window.addEventListener('mouseup', () => (dragging = false));

/**
 * On big graphs the neighbourhood is restyled once the pointer rests on a node: passing over nodes,
 * or pressing on one to drag the view, draws no frame for it (sigma draws the hovered node itself
 * at once on its hover layer).
 */
const HOVER_DWELL_MS = 120;
let hoverTimer: ReturnType<typeof setTimeout> | null = null;
function cancelHover(): void {
  if (hoverTimer !== null) clearTimeout(hoverTimer);
  hoverTimer = null;
}
function setHovered(node: string | null): void {
  const before = display.hovered ?? display.selected;
  display.hovered = node;
  setActiveNeighbours();
  refreshAround(before);
}

/** The edge drawn under a viewport point: clickable on graphs of at most BIG_GRAPH_EDGES edges. */
function edgeUnder(p: { x: number; y: number }): string | null {
  if (graph.size > BIG_GRAPH_EDGES) return null;
  const drawn = function* (): Generator<DrawnEdge> {
    for (const key of graph.edges()) {
      const e = renderer.getEdgeDisplayData(key);
      const [s, t] = graph.extremities(key);
      const a = renderer.getNodeDisplayData(s);
      const b = renderer.getNodeDisplayData(t);
      if (!e || e.hidden || !a || !b || a.hidden || b.hidden) continue;
      const from = renderer.framedGraphToViewport(a);
      const to = renderer.framedGraphToViewport(b);
      yield { key, from, to, width: e.size };
    }
  };
  return edgeAt(p, drawn());
}

type Renderer = Sigma<ViewNodeAttrs, ViewEdgeAttrs>;
/**
 * Made by start() once the page around it is laid out (a resize afterwards would reallocate every
 * canvas), before the first await: input from the page's first moment reaches it.
 */
let renderer: Renderer;
let rendererMade = false;

function createRenderer(): Renderer {
  const r: Renderer = new Sigma<ViewNodeAttrs, ViewEdgeAttrs>(graph, sigmaEl, {
    nodeReducer: (node, data) => nodeDisplay(node, data, graph.degree(node), maxDegree, display),
    edgeReducer: (edge, data) =>
      edgeDisplay(
        edge,
        data,
        () => {
          const [source, target] = graph.extremities(edge);
          return {
            source,
            target,
            sourceKind: graph.getNodeAttribute(source, 'kind'),
            targetKind: graph.getNodeAttribute(target, 'kind'),
          };
        },
        display,
      ),
    labelFont: '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    labelRenderedSizeThreshold: 7,
    labelDensity: 0.1,
    labelGridCellSize: 90,
    labelSize: 13,
    zIndex: true,
    // No GPU picking of edges: it would draw every edge twice on every frame; clicks find edges by
    // geometry (edgeUnder).
    enableEdgeEvents: false,
    allowInvalidContainer: true,
    defaultEdgeType: DEFAULT_EDGE_TYPE,
    defaultNodeType: DEFAULT_NODE_TYPE,
    nodeProgramClasses: {
      [DEFAULT_NODE_TYPE]: NodeCircleProgram<ViewNodeAttrs, ViewEdgeAttrs>,
      [FAST_NODE_TYPE]: NodePointProgram<ViewNodeAttrs, ViewEdgeAttrs>,
    },
    edgeProgramClasses: {
      [DEFAULT_EDGE_TYPE]: createEdgeArrowProgram<ViewNodeAttrs, ViewEdgeAttrs>(),
      [FAST_EDGE_TYPE]: EdgeLineProgram<ViewNodeAttrs, ViewEdgeAttrs>,
    },
  });

  r.on('downStage', () => ((dragging = true), cancelHover()));
  r.on('downNode', () => ((dragging = true), cancelHover()));
  // Sigma reads its picking buffer on every mouse move, also mid-drag: a GPU round trip that waits
  // for the frame being drawn (seconds per move on big graphs in software GL). Nothing is hovered
  // mid-drag.
  const picker = r as unknown as { getNodeAtPosition(p: { x: number; y: number }): string | null };
  const pickNode = picker.getNodeAtPosition.bind(r);
  picker.getNodeAtPosition = (p) => (dragging ? null : pickNode(p));

  r.on('enterNode', ({ node }) => {
    if (dragging) return;
    cancelHover();
    if (display.fadeOthers) setHovered(node);
    else
      hoverTimer = setTimeout(() => {
        hoverTimer = null;
        if (!dragging) setHovered(node);
      }, HOVER_DWELL_MS);
  });
  r.on('leaveNode', () => {
    cancelHover();
    if (display.hovered !== null) setHovered(null);
  });
  r.on('clickNode', ({ node }) => void selectEntity(node, false));
  r.on('doubleClickNode', (e) => {
    e.preventSigmaDefault();
    void expand(e.node);
  });
  r.on('clickStage', ({ event }) => {
    const edge = edgeUnder(event);
    // Overview edges sent without an id (big graphs) have no details to show.
    if (edge && !isKeyless(edge)) void selectEdge(edge);
    else closePanel();
  });
  return r;
}

/** Replaces or extends the drawn graph, then lays it out in the worker. */
function showSubgraph(sub: QueryResult['graph'], replace: boolean, anchor?: string): number {
  layout.kill();
  if (replace) clearGraph();
  const added = mergeSubgraph(graph, sub, anchor);
  graphChanged(graph.order > 1);
  return added.length;
}

/** An empty graph sigma watches while the overview is loaded, so that it indexes the result once. */
const detached = createViewGraph();

const INVISIBLE = 'rgba(0,0,0,0)';
/**
 * Draws one invisible edge between two invisible nodes with the programs a graph of `order` nodes
 * and `size` edges is drawn with, and flushes. Software GL compiles a pipeline on its first draw, in the GPU process:
 * called in the task that then builds the graph (no frame in between), that work runs beside the
 * page's instead of holding up the graph's first frame.
 */
function warmUpGl(order: number, size: number): void {
  const modes = viewModes(order, size, SHADOW_LAYOUT_NODES, BIG_GRAPH_EDGES);
  // The items are made and styled as the overview's are (same attributes in the same order, the
  // same reducers' output, only transparent): sigma's code then sees one shape of data, not two.
  const st: DisplayState = { ...emptyDisplayState(), ...modes };
  const g = createViewGraph();
  for (const [id, x] of [
    ['a', 0],
    ['b', 1],
  ] as const)
    g.addNode(id, { label: '', kind: 'Official', name: '', aliases: [], props: {}, x, y: x });
  g.addDirectedEdgeWithKey('e', 'a', 'b', {
    label: 'HOLDS',
    kind: 'HOLDS',
    articleId: '',
    props: {},
    evidence: null,
  });
  const ends = { source: 'a', target: 'b', sourceKind: 'Official', targetKind: 'Official' } as const;
  const nodeReducer = renderer.getSetting('nodeReducer');
  const edgeReducer = renderer.getSetting('edgeReducer');
  renderer.setSettings({
    nodeReducer: (n, d) => Object.assign(nodeDisplay(n, d, 1, 1, st), { color: INVISIBLE }),
    edgeReducer: (e, d) => Object.assign(edgeDisplay(e, d, ends, st), { color: INVISIBLE }),
  });
  renderer.setGraph(g); // drawn now, synchronously
  for (const canvas of Object.values(renderer.getCanvases())) canvas.getContext('webgl2')?.flush();
  renderer.setGraph(detached);
  renderer.setSettings({ nodeReducer, edgeReducer });
}

/** Shows the overview: positions as sent; laid out in the page only when they are only seeded. */
function showOverview(c: CompactGraph): void {
  layout.kill();
  warmUpGl(c.ids.length, c.source.length);
  mark('warm');
  clearGraph();
  loadCompact(graph, c);
  mark('graph');
  graphChanged(false);
  mark('changed');
  renderer.setGraph(graph);
  mark('sigma');
  if (c.layout === 'seed' && graph.order > 1) layout.start();
}

function clearGraph(): void {
  graph.clear();
  renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
}

function graphChanged(startLayout: boolean): void {
  recomputeDegrees();
  setActiveNeighbours();
  const big = graph.size > BIG_GRAPH_EDGES;
  Object.assign(display, viewModes(graph.order, graph.size, SHADOW_LAYOUT_NODES, BIG_GRAPH_EDGES));
  // Each changed setting re-indexes the graph: change only what differs.
  const set = (key: 'hideEdgesOnMove' | 'hideLabelsOnMove' | 'zIndex', value: boolean): void => {
    if (renderer.getSetting(key) !== value) renderer.setSetting(key, value);
  };
  // Sorting every node and edge by z-index on each indexation costs more than it shows on big graphs.
  set('zIndex', !display.fastNodes);
  set('hideEdgesOnMove', big);
  set('hideLabelsOnMove', big);
  renderLegend();
  renderStatus();
  if (startLayout) layout.start();
}

// ---------------------------------------------------------------- names in the current script
function nameOf(id: string, fallback: string): string {
  if (state.script === 'trad') {
    const e = tradById.get(id);
    if (e) return e;
  }
  return fallback;
}

// ---------------------------------------------------------------- header: search, switches, export
const searchInput = h('input', { type: 'search', class: 'search', id: 'search', autocomplete: 'off' });
const suggestEl = h('ul', { class: 'suggestions', hidden: true, role: 'listbox' });
let hits: SearchEntry[] = [];

function renderSuggestions(): void {
  clear(suggestEl);
  const found = searchEntries(index, searchInput.value, toSimplified, 12);
  hits = found.map((x) => x.entry);
  suggestEl.hidden = found.length === 0;
  for (const { entry, via } of found) {
    suggestEl.append(
      h(
        'li',
        {
          role: 'option',
          'data-id': entry.id,
          onmousedown: (e: Event) => {
            e.preventDefault();
            pick(entry);
          },
        },
        h('span', { class: 'dot', style: `background:${KIND_COLOURS[entry.label]}` }),
        h('span', { class: 'name' }, state.script === 'trad' ? entry.trad : entry.name),
        h(
          'span',
          { class: 'muted' },
          ` ${kindName(state.lang, entry.label)}${via === 'pinyin' || via === 'initials' ? ` · ${entry.py}` : ''}`,
        ),
      ),
    );
  }
}

function pick(entry: SearchEntry): void {
  searchInput.value = state.script === 'trad' ? entry.trad : entry.name;
  suggestEl.hidden = true;
  void selectEntity(entry.id, true);
}

searchInput.addEventListener('focus', () => void loadIndex());
searchInput.addEventListener('input', renderSuggestions);
searchInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && hits[0]) pick(hits[0]);
  if (e.key === 'Escape') suggestEl.hidden = true;
});
searchInput.addEventListener('blur', () =>
  setTimeout(() => {
    if (document.activeElement !== searchInput) suggestEl.hidden = true;
  }, 150),
);

const exportScope = h('select', { id: 'export-scope' });
const exportFormat = h('select', { id: 'export-format' });
const layoutBtn = h('button', {
  id: 'layout-btn',
  onclick: () => (layout.status === 'idle' ? layout.start() : layout.stop()),
});

function renderHeader(): void {
  clear(headerEl);
  document.title = tr('title');
  document.documentElement.lang = state.lang === 'zh' ? (state.script === 'trad' ? 'zh-TW' : 'zh-CN') : 'en';
  searchInput.placeholder = tr('search');
  clear(exportScope);
  exportScope.append(
    h('option', { value: 'screen' }, tr('scopeScreen')),
    h('option', { value: 'query', disabled: !lastResult }, tr('scopeQuery')),
  );
  if (lastResult) exportScope.value = 'query';
  clear(exportFormat);
  for (const f of ['png', 'gexf', 'graphml', 'json', 'csv', 'cypher'])
    exportFormat.append(h('option', { value: f }, f.toUpperCase()));
  headerEl.append(
    h('h1', {}, tr('title')),
    h('div', { class: 'search-box' }, searchInput, suggestEl),
    layoutBtn,
    h(
      'div',
      { class: 'switch', role: 'group' },
      h(
        'button',
        { id: 'script-simp', 'aria-pressed': state.script === 'simp', onclick: () => setScript('simp') },
        '简',
      ),
      h(
        'button',
        { id: 'script-trad', 'aria-pressed': state.script === 'trad', onclick: () => setScript('trad') },
        '繁',
      ),
    ),
    h(
      'div',
      { class: 'switch', role: 'group' },
      h('button', { id: 'lang-zh', 'aria-pressed': state.lang === 'zh', onclick: () => setLang('zh') }, '中'),
      h('button', { id: 'lang-en', 'aria-pressed': state.lang === 'en', onclick: () => setLang('en') }, 'EN'),
    ),
    h(
      'div',
      { class: 'export' },
      h('span', {}, tr('export')),
      exportScope,
      exportFormat,
      h('button', { id: 'export-btn', onclick: () => void doExport() }, '⇩'),
    ),
  );
  renderStatus();
}

function setScript(script: 'simp' | 'trad'): void {
  dispatch({ type: 'setScript', script });
  // Traditional names come with the search index (redrawn again when it arrives).
  if (script === 'trad') void loadIndex();
  renderAll();
  refresh();
}
function setLang(lang: 'zh' | 'en'): void {
  dispatch({ type: 'setLang', lang });
  renderAll();
}

// ---------------------------------------------------------------- status bar
function renderStatus(): void {
  const status: LayoutStatus = layout.status;
  layoutBtn.textContent = status === 'idle' ? `▶ ${tr('layoutStart')}` : `■ ${tr('layoutStop')}`;
  clear(statusEl);
  statusEl.append(
    `${graph.order} ${tr('nodes')} · ${graph.size} ${tr('edges')}`,
    backendInfo ? ` · ${tr('backend')}: ${backendInfo}` : '',
    status !== 'idle' ? h('span', { class: 'running' }, ` · ${tr('layoutRunning')} (${status})`) : '',
  );
  statusEl.dataset.layout = status;
}

// ---------------------------------------------------------------- legend
function renderLegend(): void {
  clear(legendEl);
  const counts = countByKind(graph);
  legendEl.append(h('h3', {}, tr('legend')));
  const list = h('ul', {});
  for (const kind of NODE_LABELS) {
    const n = counts.get(kind) ?? 0;
    if (n === 0) continue;
    const off = state.hiddenKinds.includes(kind);
    list.append(
      h(
        'li',
        {
          class: off ? 'off' : '',
          'data-kind': kind,
          title: kind,
          onclick: () => {
            dispatch({ type: 'toggleKind', kind });
            renderLegend();
            refresh();
          },
        },
        h('span', { class: 'dot', style: `background:${KIND_COLOURS[kind]}` }),
        h('span', { class: 'name' }, kindName(state.lang, kind)),
        h('span', { class: 'count' }, String(n)),
      ),
    );
  }
  legendEl.append(list);
}

// ---------------------------------------------------------------- saved queries
function suggestionsFor(p: ParamInfo): string[] {
  const kinds: NodeLabel[] | null =
    p.suggest && p.suggest !== 'any'
      ? [p.suggest]
      : p.type === 'region'
        ? ['Region']
        : p.type === 'entity' || p.suggest === 'any'
          ? null
          : [];
  if (kinds && kinds.length === 0) return [];
  return index
    .filter((e) => !kinds || kinds.includes(e.label))
    .sort((a, b) => b.degree - a.degree)
    .slice(0, 300)
    .map((e) => e.name);
}

function paramInput(q: QueryInfo, p: ParamInfo, value: string): HTMLElement {
  const id = `param-${p.name}`;
  const bad = queryError?.param === p.name;
  const onchange = (e: Event): void =>
    dispatch({ type: 'setParam', name: p.name, value: (e.target as HTMLInputElement).value });
  let input: HTMLElement;
  if (p.type === 'boolean') {
    input = h(
      'select',
      { id, name: p.name, onchange },
      h('option', { value: '' }, '—'),
      h('option', { value: 'true', selected: value === 'true' }, 'true'),
      h('option', { value: 'false', selected: value === 'false' }, 'false'),
    );
  } else if (p.type === 'label') {
    input = h(
      'select',
      { id, name: p.name, onchange },
      ['any', ...NODE_LABELS].map((l) =>
        h(
          'option',
          { value: l, selected: value === l },
          l === 'any' ? '*' : kindName(state.lang, l as NodeLabel),
        ),
      ),
    );
  } else {
    const list = suggestionsFor(p);
    const listId = `${id}-list`;
    input = h(
      'span',
      {},
      h('input', {
        id,
        name: p.name,
        type: p.type === 'int' || p.type === 'float' ? 'number' : 'text',
        step: p.type === 'float' ? 'any' : p.type === 'int' ? 1 : undefined,
        min: p.min,
        max: p.max,
        value,
        placeholder: String(p.example),
        list: list.length ? listId : undefined,
        oninput: onchange,
        'aria-invalid': bad,
      }),
      list.length
        ? h(
            'datalist',
            { id: listId },
            list.map((v) => h('option', { value: v })),
          )
        : null,
    );
  }
  return h(
    'label',
    { class: bad ? 'param bad' : 'param', for: id, title: paramDescription(state.lang, p) },
    h('span', { class: 'pname' }, p.name, h('small', {}, ` ${p.type}${p.default === undefined ? ' *' : ''}`)),
    input,
    h('small', { class: 'pdesc' }, paramDescription(state.lang, p)),
    q.name ? null : null,
  );
}

function renderQueries(): void {
  clear(queriesEl);
  queriesEl.append(h('h3', {}, tr('queries')));
  const list = h('ul', { class: 'query-list' });
  for (const q of queries) {
    const active = state.query === q.name;
    list.append(
      h(
        'li',
        { class: active ? 'active' : '', 'data-query': q.name },
        h(
          'button',
          {
            class: 'query-title',
            onclick: () => {
              queryError = null;
              dispatch({
                type: 'chooseQuery',
                name: active ? null : q.name,
                params: active ? {} : formValues(q.params, {}),
              });
              renderQueries();
            },
          },
          queryTitle(state.lang, q),
        ),
        active ? h('p', { class: 'qdesc' }, queryDescription(state.lang, q)) : null,
        active ? queryForm(q) : null,
      ),
    );
  }
  queriesEl.append(list);
}

function queryForm(q: QueryInfo): HTMLElement {
  const values = formValues(q.params, state.params);
  const form = h(
    'form',
    {
      class: 'query-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        const params: Record<string, string> = {};
        for (const p of q.params) params[p.name] = String(data.get(p.name) ?? '');
        dispatch({ type: 'chooseQuery', name: q.name, params });
        void runQuery(q.name, params);
      },
    },
    q.params.map((p) => paramInput(q, p, values[p.name] ?? '')),
    h('button', { type: 'submit', class: 'run' }, tr('run')),
    lastResult && lastResult.name === q.name
      ? h(
          'button',
          { type: 'button', class: 'clear-query', onclick: () => void clearQuery() },
          tr('clearQuery'),
        )
      : null,
    queryError ? h('div', { class: 'error', role: 'alert' }, `${tr('error')}: ${queryError.message}`) : null,
  );
  return form;
}

async function runQuery(name: string, params: Record<string, string>): Promise<void> {
  queryError = null;
  try {
    const res = await api.runQuery(name, params);
    lastResult = res;
    // A new result is shown whole: the previous selection would fade it.
    if (display.selected && !res.graph.nodes.some((n) => n.id === display.selected)) closePanel();
    else if (display.selected) {
      display.selected = null;
      setActiveNeighbours();
    }
    showSubgraph(res.graph, true);
    display.focus = null;
    renderTable();
    renderHeader();
  } catch (e) {
    queryError =
      e instanceof ApiError
        ? { message: e.message, ...(e.body.param ? { param: e.body.param } : {}) }
        : { message: String(e) };
  }
  renderQueries();
}

async function clearQuery(): Promise<void> {
  lastResult = null;
  dispatch({ type: 'chooseQuery', name: null });
  renderTable();
  renderQueries();
  renderHeader();
  await loadOverview();
}

// ---------------------------------------------------------------- tabs and table
function renderTabs(): void {
  clear(tabsEl);
  for (const tab of ['graph', 'table'] as const) {
    tabsEl.append(
      h(
        'button',
        {
          id: `tab-${tab}`,
          'aria-selected': state.tab === tab,
          onclick: () => {
            dispatch({ type: 'setTab', tab });
            renderTabs();
          },
        },
        tr(tab === 'graph' ? 'graphTab' : 'tableTab'),
        tab === 'table' && lastResult ? ` (${lastResult.rows.length})` : '',
      ),
    );
  }
  sigmaEl.hidden = state.tab !== 'graph';
  tableEl.hidden = state.tab !== 'table';
  // (Before start() has made the renderer, the page is still being laid out.)
  if (state.tab === 'graph' && rendererMade) renderer.resize();
}

function renderTable(): void {
  clear(tableEl);
  renderTabs();
  if (!lastResult) {
    tableEl.append(h('p', { class: 'muted' }, tr('noRows')));
    return;
  }
  const { columns, rows } = lastResult;
  const q = queries.find((x) => x.name === lastResult?.name);
  const title = q ? queryTitle(state.lang, q) : lastResult.name;
  tableEl.append(h('h3', {}, `${title} · ${rows.length} ${tr('rows')} · ${lastResult.ms} ms`));
  if (rows.length === 0) {
    tableEl.append(h('p', { class: 'muted' }, tr('noRows')));
    return;
  }
  const shown = tableColumns(columns);
  const cell = (r: (typeof rows)[number], c: TableColumn): HTMLElement => {
    const text = cellText(r[c.key]);
    const target = c.linkTo ? r[c.linkTo] : null;
    if (typeof target !== 'string' || !target) return h('td', {}, text);
    const label = state.script === 'trad' ? (tradById.get(target) ?? text) : text;
    return h(
      'td',
      {},
      h(
        'a',
        {
          href: '#',
          'data-id': target,
          onclick: (e: Event) => (e.preventDefault(), void selectEntity(target, true)),
        },
        label,
      ),
    );
  };
  tableEl.append(
    h(
      'table',
      { class: 'results' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          shown.map((c) => h('th', { title: c.key }, columnName(state.lang, c.key))),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            shown.map((c) => cell(r, c)),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- side panel
const panelCtx = (): PanelContext => ({
  lang: state.lang,
  script: state.script,
  name: nameOf,
  onSelect: (id) => void selectEntity(id, true),
  onExpand: (id) => void expand(id),
  onClose: () => closePanel(),
});

/** An error in words, for the side panel. */
function errorBox(e: unknown): HTMLElement {
  return h(
    'div',
    { class: 'error', role: 'alert' },
    `${tr('error')}: ${e instanceof Error ? e.message : String(e)}`,
  );
}

function showPanel(content: HTMLElement): void {
  clear(panelEl);
  panelEl.append(content);
  panelEl.hidden = false;
  renderer.resize();
}

function closePanel(): void {
  // A click on the background with nothing open changes nothing: no re-processing of the whole
  // graph (hundreds of ms at 10k nodes) on every such click.
  const wasOpen = !panelEl.hidden;
  const hadSelection = display.selected !== null || display.selectedEdge !== null;
  dispatch({ type: 'selectEntity', id: null });
  display.selected = null;
  display.selectedEdge = null;
  setActiveNeighbours();
  panelEl.hidden = true;
  panelContent = null;
  if (wasOpen) renderer.resize();
  if (hadSelection) refresh();
}

let panelToken = 0;
/** What the panel shows, so that a language or script switch redraws it without a request. */
let panelContent: { kind: 'entity'; d: EntityDetails } | { kind: 'edge'; d: EdgeDetails } | null = null;
function redrawPanel(): void {
  if (!panelContent || panelEl.hidden) return;
  showPanel(
    panelContent.kind === 'entity'
      ? renderEntity(panelCtx(), panelContent.d)
      : renderEdge(panelCtx(), panelContent.d),
  );
}
async function selectEntity(id: string, focus: boolean): Promise<void> {
  const token = ++panelToken;
  dispatch({ type: 'selectEntity', id });
  if (!graph.hasNode(id)) {
    try {
      showSubgraph(await api.neighbourhood(id, 1), false);
    } catch {
      /* the details request below reports the error */
    }
  }
  display.selected = id;
  display.selectedEdge = null;
  setActiveNeighbours();
  refresh();
  if (focus && graph.hasNode(id)) {
    const p = renderer.getNodeDisplayData(id);
    if (p) {
      const camera = renderer.getCamera();
      const ratio = graph.order > 300 ? Math.min(camera.ratio, 0.3) : camera.ratio;
      void camera.animate({ x: p.x, y: p.y, ratio }, { duration: 400 });
    }
  }
  showPanel(h('p', { class: 'muted' }, tr('loading')));
  try {
    const d = await api.entity(id);
    if (token !== panelToken) return;
    tradById.set(id, d.trad);
    panelContent = { kind: 'entity', d };
    showPanel(renderEntity(panelCtx(), d));
  } catch (e) {
    if (token === panelToken) showPanel(errorBox(e));
  }
}

async function selectEdge(edge: string): Promise<void> {
  const token = ++panelToken;
  dispatch({ type: 'selectEdge', id: edge });
  display.selected = null;
  display.selectedEdge = edge;
  setActiveNeighbours();
  refresh();
  try {
    const d = await api.edge(graph.source(edge), edge);
    if (token === panelToken) {
      panelContent = { kind: 'edge', d };
      showPanel(renderEdge(panelCtx(), d));
    }
  } catch (e) {
    if (token === panelToken) showPanel(errorBox(e));
  }
}

async function expand(id: string): Promise<void> {
  try {
    const sub = await api.neighbourhood(id, 1);
    showSubgraph(sub, false, id);
  } catch (e) {
    showPanel(errorBox(e));
  }
}

// ---------------------------------------------------------------- export
async function doExport(): Promise<void> {
  const format = exportFormat.value;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const base =
    lastResult && exportScope.value === 'query' ? `zhengtu-${lastResult.name}-${stamp}` : `zhengtu-${stamp}`;
  try {
    if (format === 'png') {
      await downloadAsPNG(renderer as unknown as Sigma, { fileName: base, backgroundColor: '#ffffff' });
      return;
    }
    const ids = graph.filterNodes((_n, a) => !display.hiddenKinds.has(a.kind));
    const origin = lastResult ? { query: lastResult.name, params: lastResult.params } : {};
    const req =
      exportScope.value === 'query' && lastResult
        ? { format: format as ExportFormat, ...origin }
        : { format: format as ExportFormat, ids, ...origin };
    const res = await api.export(req);
    for (const f of res.files)
      download(f.name.startsWith('zhengtu') ? f.name : `${base}-${f.name}`, f.content, mimeOf(f.name));
  } catch (e) {
    alert(`${tr('error')}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function mimeOf(name: string): string {
  if (name.endsWith('.gexf') || name.endsWith('.graphml')) return 'application/xml';
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.csv')) return 'text/csv';
  return 'text/plain';
}

// ---------------------------------------------------------------- start
function renderAll(): void {
  renderHeader();
  renderLegend();
  renderQueries();
  renderTable();
  redrawPanel();
}

async function loadOverview(): Promise<void> {
  showOverview(await api.graph());
}

let indexLoad: Promise<void> | null = null;
/** The search index (names, traditional forms, pinyin keys of every node), loaded once. */
function loadIndex(): Promise<void> {
  loadSimplifier();
  indexLoad ??= api.searchIndex().then(
    (entries) => {
      index = entries;
      for (const e of index) tradById.set(e.id, e.trad);
      mark('index');
      document.body.dataset.index = 'true';
      renderQueries();
      if (state.script === 'trad') {
        renderAll();
        refresh();
      }
      if (document.activeElement === searchInput && searchInput.value) renderSuggestions();
    },
    (e: unknown) => {
      indexLoad = null; // asked again on the next need
      showPanel(errorBox(e));
    },
  );
  return indexLoad;
}

async function start(): Promise<void> {
  renderAll();
  renderer = createRenderer();
  rendererMade = true;
  window.__zt = { renderer, graph, layout, inkRatio };
  try {
    // The graph is drawn as soon as it has come; the query list meanwhile, the backend's name
    // (counted by the store) whenever it comes.
    const listed = api.queries();
    listed.catch(() => undefined); // awaited (and reported) below
    void api
      .health()
      .then((health) => {
        backendInfo = health.backend;
        renderStatus();
      })
      .catch(() => undefined);
    const overview = await api.graph();
    mark('data');
    const t0 = performance.now();
    document.body.dataset.dataAt = String(Math.round(t0));
    showOverview(overview);
    document.body.dataset.firstRenderMs = String(Math.round(performance.now() - t0));
    // The graph is drawn (sigma renders synchronously when the graph is set): the next frame shows
    // it, once committed (a task posted from its animation-frame callback runs after that).
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => (document.body.dataset.drawnAt = String(Math.round(performance.now())));
      ch.port2.postMessage(0);
    });
    // Only the query list waited for the queries (the rest was drawn before or with the graph).
    queries = await listed;
    renderQueries();
    mark('ready');
    document.body.dataset.ready = 'true';
    // Traditional labels and a query's form need the index now; otherwise it waits for the search
    // box, or for the page to be idle after its first second (the first frames belong to the graph).
    if (state.script === 'trad' || state.query) await loadIndex();
    else setTimeout(() => requestIdleCallback(() => void loadIndex(), { timeout: 2_000 }), 1_000);
    if (state.query)
      await runQuery(
        state.query,
        formValues(queries.find((q) => q.name === state.query)?.params ?? [], state.params),
      );
    if (state.entity) await selectEntity(state.entity, true);
  } catch (e) {
    showPanel(errorBox(e));
    document.body.dataset.ready = 'error';
  }
}

/** Share of the graph area that is not background, drawn through sigma's own image export. */
async function inkRatio(): Promise<number> {
  const canvas = await drawOnCanvas(renderer as unknown as Sigma, { backgroundColor: '#ffffff' });
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0) return 0;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4)
    if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) ink++;
  return ink / (data.length / 4);
}

declare global {
  interface Window {
    /** Handles for the end-to-end test and the scale benchmark. */
    __zt?: {
      renderer: Sigma<ViewNodeAttrs, ViewEdgeAttrs>;
      graph: typeof graph;
      layout: LayoutSupervisor;
      inkRatio: () => Promise<number>;
    };
  }
}
void start();
