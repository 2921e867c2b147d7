/**
 * Display state applied through sigma's nodeReducer/edgeReducer: pure functions of the graph's data
 * and the view state. Nothing here edits the graph.
 */
import type { NodeDisplayData, EdgeDisplayData } from 'sigma/types';
import type { NodeLabel } from './api-types.ts';
import type { ViewEdgeAttrs, ViewNodeAttrs } from './graph-model.ts';

export const KIND_COLOURS: Record<NodeLabel, string> = {
  Official: '#d62728',
  Person: '#ff7f0e',
  Post: '#9467bd',
  Region: '#2ca02c',
  Enterprise: '#1f77b4',
  Project: '#17becf',
  Slogan: '#e377c2',
  Article: '#8c564b',
  Outlet: '#7f7f7f',
};
export const FADED_NODE = '#e4e4e4';
export const FADED_EDGE = '#f0f0f0';
export const EDGE_COLOUR = '#c8c8c8';

export type Script = 'simp' | 'trad';
/** The edge program name registered for big graphs (sigma's EdgeLineProgram). */
export const FAST_EDGE_TYPE = 'fast';
/** The node program name registered for big graphs (sigma's NodePointProgram: one vertex a node). */
export const FAST_NODE_TYPE = 'point';

export interface DisplayState {
  hiddenKinds: ReadonlySet<NodeLabel>;
  hovered: string | null;
  /** Neighbours of the hovered node (or of the selected one when nothing is hovered). */
  neighbours: ReadonlySet<string> | null;
  selected: string | null;
  selectedEdge: string | null;
  /** Nodes of the last query result, drawn highlighted; null when no query is shown. */
  focus: ReadonlySet<string> | null;
  script: Script;
  /** Traditional names by node id (from the search index). */
  tradNames: ReadonlyMap<string, string>;
  /** Edges are not drawn (big graph while the layout moves it): the nodes stay fluid. */
  hideEdges: boolean;
  /** Draw edges with the cheap 1px line program (big graphs). */
  fastEdges: boolean;
  /** Draw nodes as GL points (big graphs). */
  fastNodes: boolean;
  /** Label every node (small graphs, where labels cannot clutter). */
  allLabels: boolean;
  /**
   * Hover/selection fades everything else (small graphs). On big graphs only the neighbourhood is
   * restyled, so that a hover re-processes a few nodes instead of all of them.
   */
  fadeOthers: boolean;
}

export function emptyDisplayState(): DisplayState {
  return {
    hiddenKinds: new Set(),
    hovered: null,
    neighbours: null,
    selected: null,
    selectedEdge: null,
    focus: null,
    script: 'simp',
    tradNames: new Map(),
    hideEdges: false,
    fastEdges: false,
    fastNodes: false,
    allLabels: false,
    fadeOthers: true,
  };
}

/** How a graph is drawn, from its size: what graphChanged() puts in the display state. */
export type ViewModes = Pick<DisplayState, 'fastNodes' | 'fastEdges' | 'allLabels' | 'fadeOthers'>;

/**
 * Graphs of more than `bigNodes` nodes are drawn as points, without fading on hover; of more than
 * `bigEdges` edges, with 1px lines; of at most 40 nodes, with every label.
 */
export function viewModes(order: number, size: number, bigNodes: number, bigEdges: number): ViewModes {
  return {
    fastNodes: order > bigNodes,
    fastEdges: size > bigEdges,
    allLabels: order <= 40,
    fadeOthers: order <= bigNodes,
  };
}

/** Node size from its degree: area grows with degree, bounded so hubs do not cover the page. */
export function sizeForDegree(degree: number, maxDegree: number): number {
  const min = 3;
  const max = 18;
  if (maxDegree <= 0) return min;
  return min + (max - min) * Math.sqrt(Math.min(degree, maxDegree) / maxDegree);
}

export function displayName(
  id: string,
  name: string,
  st: Pick<DisplayState, 'script' | 'tradNames'>,
): string {
  return st.script === 'trad' ? (st.tradNames.get(id) ?? name) : name;
}

/** Long names (article titles) are cut on the canvas; the panel shows them whole. */
export const MAX_LABEL = 16;
export function shortLabel(label: string, max = MAX_LABEL): string {
  // No more UTF-16 units than the limit: no more characters either (the common case, no allocation).
  if (label.length <= max) return label;
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label;
}

/** Sigma's default programs (main.ts registers them under these names). */
export const DEFAULT_NODE_TYPE = 'circle';
export const DEFAULT_EDGE_TYPE = 'arrow';

/**
 * Display data of a node. Every field sigma reads is set, in one order: sigma then finds nothing to
 * default, and every node's data has the same shape (indexing 10k nodes stays monomorphic).
 */
export function nodeDisplay(
  id: string,
  a: ViewNodeAttrs,
  degree: number,
  maxDegree: number,
  st: DisplayState,
): NodeDisplayData {
  const size = sizeForDegree(degree, maxDegree);
  const out: NodeDisplayData = {
    x: a.x,
    y: a.y,
    label: shortLabel(displayName(id, a.name, st)),
    color: KIND_COLOURS[a.kind],
    // Big graphs are drawn as points at half size: a dense overview stays readable.
    size: st.fastNodes ? size / 2 : size,
    hidden: st.hiddenKinds.has(a.kind),
    forceLabel: st.allLabels,
    highlighted: false,
    zIndex: 0,
    type: st.fastNodes ? FAST_NODE_TYPE : DEFAULT_NODE_TYPE,
  };
  const active = st.hovered ?? st.selected;
  if (active && st.neighbours) {
    if (id === active || st.neighbours.has(id)) {
      out.forceLabel = true;
      out.zIndex = 1;
    } else if (st.fadeOthers) {
      out.color = FADED_NODE;
      out.label = '';
      out.zIndex = 0;
    }
  } else if (st.focus) {
    if (st.focus.has(id)) {
      out.forceLabel = st.focus.size <= 60;
      out.zIndex = 1;
    } else {
      out.color = FADED_NODE;
      out.label = '';
    }
  }
  if (id === st.selected || id === st.hovered) out.label = displayName(id, a.name, st);
  if (id === st.selected) {
    out.highlighted = true;
    out.forceLabel = true;
    out.zIndex = 2;
  }
  return out;
}

/** What an edge's display may depend on besides its own data. */
export interface EdgeEnds {
  source: string;
  target: string;
  sourceKind: NodeLabel;
  targetKind: NodeLabel;
}

/**
 * Display data of an edge, every field set (see nodeDisplay). `ends` may be a function: it is called
 * only when the view depends on the ends (hidden types, a hovered or selected node, a query focus),
 * so that drawing a whole overview looks nothing up.
 */
export function edgeDisplay(
  id: string,
  a: ViewEdgeAttrs,
  ends: EdgeEnds | (() => EdgeEnds),
  st: DisplayState,
): EdgeDisplayData {
  const out: EdgeDisplayData = {
    label: a.kind,
    size: a.kind === 'MENTIONS' ? 0.5 : 1,
    color: EDGE_COLOUR,
    hidden: st.hideEdges,
    forceLabel: false,
    zIndex: 0,
    type: st.fastEdges ? FAST_EDGE_TYPE : DEFAULT_EDGE_TYPE,
  };
  const active = st.hovered ?? st.selected;
  const byActive = active !== null && st.neighbours !== null;
  if (st.hiddenKinds.size > 0 || byActive || st.focus) {
    const { source, target, sourceKind, targetKind } = typeof ends === 'function' ? ends() : ends;
    if (st.hiddenKinds.has(sourceKind) || st.hiddenKinds.has(targetKind)) out.hidden = true;
    if (byActive) {
      if (source === active || target === active) {
        out.color = '#555';
        out.size = 1.5;
      } else if (st.fadeOthers) {
        out.hidden = true;
      }
    } else if (st.focus && !(st.focus.has(source) && st.focus.has(target))) {
      out.color = FADED_EDGE;
    }
  }
  if (id === st.selectedEdge) {
    out.color = '#000';
    out.size = 3;
    out.hidden = false;
  }
  return out;
}
