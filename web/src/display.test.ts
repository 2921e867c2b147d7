import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NODE_TYPE,
  edgeDisplay,
  type EdgeEnds,
  emptyDisplayState,
  FADED_NODE,
  FAST_NODE_TYPE,
  KIND_COLOURS,
  nodeDisplay,
  shortLabel,
  sizeForDegree,
  viewModes,
} from './display.ts';
import { countByKind, graphFromSubgraph, mergeSubgraph, toSubgraph } from './graph-model.ts';
import type { NodeLabel, Subgraph } from './api-types.ts';

const ends = (source: string, target: string, sourceKind: NodeLabel, targetKind: NodeLabel): EdgeEnds => ({
  source,
  target,
  sourceKind,
  targetKind,
});

const sub: Subgraph = {
  nodes: [
    { id: 'official:a', label: 'Official', name: '赖晓智', aliases: ['賴曉智'], props: {} },
    {
      id: 'post:区长@region:1',
      label: 'Post',
      name: '区长',
      aliases: [],
      props: { title: '区长', regionId: 'region:1' },
    },
    {
      id: 'region:1',
      label: 'Region',
      name: '渌口区',
      aliases: [],
      props: { code: '430223', level: 'county', parentId: null },
    },
  ],
  edges: [
    {
      id: 'e1',
      type: 'HOLDS',
      source: 'official:a',
      target: 'post:区长@region:1',
      articleId: 'a1',
      props: { title: '区长', since: null },
      evidence: { articleId: 'a1', sentence: '区长赖晓智', start: 0, end: 5, date: null },
    },
    {
      id: 'e2',
      type: 'POST_IN',
      source: 'post:区长@region:1',
      target: 'region:1',
      articleId: 'a1',
      props: {},
      evidence: null,
    },
  ],
};

describe('view graph', () => {
  it('builds a typed graph, counts types and converts back to the same records', () => {
    const g = graphFromSubgraph(sub);
    expect(g.order).toBe(3);
    expect(g.size).toBe(2);
    expect(Object.fromEntries(countByKind(g))).toEqual({ Official: 1, Post: 1, Region: 1 });
    expect(toSubgraph(g)).toEqual(sub);
    expect(toSubgraph(g, (id) => id !== 'region:1').edges.map((e) => e.id)).toEqual(['e1']);
  });
  it('merging keeps positions of existing nodes and places new ones near the anchor', () => {
    const g = graphFromSubgraph({ nodes: [sub.nodes[0]!], edges: [] });
    g.setNodeAttribute('official:a', 'x', 1000);
    const added = mergeSubgraph(g, sub, 'official:a');
    expect(added).toEqual(['post:区长@region:1', 'region:1']);
    expect(g.getNodeAttribute('official:a', 'x')).toBe(1000);
    expect(Math.abs(g.getNodeAttribute('region:1', 'x') - 1000)).toBeLessThan(10);
    expect(mergeSubgraph(g, sub)).toEqual([]);
    expect(g.size).toBe(2);
  });
});

describe('reducers', () => {
  const g = graphFromSubgraph(sub);
  const attrs = (id: string) => g.getNodeAttributes(id);
  it('colour by type, size by degree, hidden by legend toggle, label by script', () => {
    const st = { ...emptyDisplayState(), tradNames: new Map([['official:a', '賴曉智']]) };
    expect(nodeDisplay('official:a', attrs('official:a'), 1, 2, st)).toMatchObject({
      color: KIND_COLOURS.Official,
      label: '赖晓智',
      hidden: false,
      size: sizeForDegree(1, 2),
    });
    expect(nodeDisplay('official:a', attrs('official:a'), 1, 2, { ...st, script: 'trad' }).label).toBe(
      '賴曉智',
    );
    expect(
      nodeDisplay('region:1', attrs('region:1'), 1, 2, { ...st, hiddenKinds: new Set(['Region']) }).hidden,
    ).toBe(true);
    expect(sizeForDegree(2, 2)).toBeGreaterThan(sizeForDegree(1, 2));
  });
  it('hover keeps the neighbourhood and fades the rest; unrelated edges are hidden', () => {
    const st = { ...emptyDisplayState(), hovered: 'official:a', neighbours: new Set(['post:区长@region:1']) };
    expect(nodeDisplay('post:区长@region:1', attrs('post:区长@region:1'), 2, 2, st).forceLabel).toBe(true);
    expect(nodeDisplay('region:1', attrs('region:1'), 1, 2, st)).toMatchObject({
      color: FADED_NODE,
      label: '',
    });
    expect(
      edgeDisplay(
        'e2',
        g.getEdgeAttributes('e2'),
        ends('post:区长@region:1', 'region:1', 'Post', 'Region'),
        st,
      ).hidden,
    ).toBe(true);
    expect(
      edgeDisplay(
        'e1',
        g.getEdgeAttributes('e1'),
        ends('official:a', 'post:区长@region:1', 'Official', 'Post'),
        st,
      ).hidden,
    ).toBe(false);
  });
  it('reducers never edit the graph', () => {
    const before = JSON.stringify(g.export());
    nodeDisplay('official:a', attrs('official:a'), 1, 2, {
      ...emptyDisplayState(),
      selected: 'official:a',
      neighbours: new Set(),
    });
    expect(JSON.stringify(g.export())).toBe(before);
  });
});

describe('labels', () => {
  it('long names are cut on the canvas but whole for the selected node', () => {
    const g = graphFromSubgraph({
      nodes: [
        {
          id: 'article:x',
          label: 'Article',
          name: '摘要:滋养初心 引领使命——株洲市委理论学习中心组',
          aliases: [],
          props: {},
        },
      ],
      edges: [],
    });
    const a = g.getNodeAttributes('article:x');
    expect(shortLabel(a.name)).toHaveLength(16);
    expect(nodeDisplay('article:x', a, 0, 1, emptyDisplayState()).label).toMatch(/…$/);
    expect(nodeDisplay('article:x', a, 0, 1, { ...emptyDisplayState(), selected: 'article:x' }).label).toBe(
      a.name,
    );
  });
});

describe('big graphs', () => {
  it('edges can be hidden while the layout runs, without touching the graph', () => {
    const g = graphFromSubgraph(sub);
    const st = { ...emptyDisplayState(), hideEdges: true };
    expect(
      edgeDisplay(
        'e1',
        g.getEdgeAttributes('e1'),
        ends('official:a', 'post:区长@region:1', 'Official', 'Post'),
        st,
      ).hidden,
    ).toBe(true);
  });

  it('an edge is styled without looking up its ends unless the view depends on them', () => {
    const g = graphFromSubgraph(sub);
    let lookups = 0;
    const lazy = (): EdgeEnds => (lookups++, ends('official:a', 'post:区长@region:1', 'Official', 'Post'));
    const plain = edgeDisplay('e1', g.getEdgeAttributes('e1'), lazy, {
      ...emptyDisplayState(),
      fastEdges: true,
    });
    expect(lookups).toBe(0);
    expect(plain).toEqual({
      label: 'HOLDS',
      size: 1,
      color: '#c8c8c8',
      hidden: false,
      forceLabel: false,
      zIndex: 0,
      type: 'fast',
    });
    const st = { ...emptyDisplayState(), hiddenKinds: new Set<NodeLabel>(['Post']) };
    expect(edgeDisplay('e1', g.getEdgeAttributes('e1'), lazy, st).hidden).toBe(true);
    expect(lookups).toBe(1);
  });

  it('nodes are drawn as GL points at half size', () => {
    const g = graphFromSubgraph(sub);
    const a = g.getNodeAttributes('official:a');
    const normal = nodeDisplay('official:a', a, 1, 4, emptyDisplayState());
    const fast = nodeDisplay('official:a', a, 1, 4, { ...emptyDisplayState(), fastNodes: true });
    expect(normal.type).toBe(DEFAULT_NODE_TYPE);
    expect(fast.type).toBe(FAST_NODE_TYPE);
    expect(fast.size).toBeCloseTo(sizeForDegree(1, 4) / 2);
  });
});

describe('hover on big graphs', () => {
  it('restyles only the neighbourhood when others do not fade', () => {
    const g = graphFromSubgraph(sub);
    const st = {
      ...emptyDisplayState(),
      hovered: 'official:a',
      neighbours: new Set(['post:区长@region:1']),
      fadeOthers: false,
    };
    expect(nodeDisplay('region:1', g.getNodeAttributes('region:1'), 1, 2, st)).toMatchObject({
      color: KIND_COLOURS.Region,
      label: '渌口区',
    });
    expect(
      edgeDisplay(
        'e2',
        g.getEdgeAttributes('e2'),
        ends('post:区长@region:1', 'region:1', 'Post', 'Region'),
        st,
      ).hidden,
    ).toBe(false);
    expect(
      nodeDisplay('post:区长@region:1', g.getNodeAttributes('post:区长@region:1'), 2, 2, st).forceLabel,
    ).toBe(true);
  });
});

describe('viewModes', () => {
  it('draws big graphs as points and 1px lines without fading, small ones with every label', () => {
    expect(viewModes(10_000, 30_000, 3_000, 5_000)).toEqual({
      fastNodes: true,
      fastEdges: true,
      allLabels: false,
      fadeOthers: false,
    });
    // The thresholds are exclusive, and nodes and edges are judged apart.
    expect(viewModes(3_000, 5_000, 3_000, 5_000)).toEqual({
      fastNodes: false,
      fastEdges: false,
      allLabels: false,
      fadeOthers: true,
    });
    expect(viewModes(2_000, 6_000, 3_000, 5_000).fastEdges).toBe(true);
    expect(viewModes(40, 80, 3_000, 5_000).allLabels).toBe(true);
    expect(viewModes(41, 80, 3_000, 5_000).allLabels).toBe(false);
  });
});
