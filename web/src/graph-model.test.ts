import { describe, expect, it } from 'vitest';
import type { CompactGraph, Subgraph } from './api-types.ts';
import { createViewGraph, isKeyless, loadCompact, mergeSubgraph } from './graph-model.ts';

const compact: CompactGraph = {
  format: 'zt-compact-1',
  version: 'v1',
  layout: 'forceatlas2',
  totalNodes: 3,
  totalEdges: 2,
  kinds: ['Official', 'Post', 'Region'],
  types: ['HOLDS', 'POST_IN'],
  ids: ['official:赖晓智@43', 'post:区长@region:430223', 'region:430223'],
  names: ['赖晓智', '渌口区区长', '渌口区'],
  kind: [0, 1, 2],
  xy: [1, 2, 3, 4, 5, 6],
  source: [0, 1],
  target: [1, 2],
  type: [0, 1],
  edgeIds: null,
};

describe('loadCompact', () => {
  it('adds the nodes at their positions and the edges by index', () => {
    const g = createViewGraph();
    loadCompact(g, compact);
    expect(g.getNodeAttributes('post:区长@region:430223')).toMatchObject({
      kind: 'Post',
      name: '渌口区区长',
      x: 3,
      y: 4,
      aliases: [],
    });
    expect(g.edges()).toEqual(['~0', '~1']);
    expect(isKeyless('~1')).toBe(true);
    expect(g.getEdgeAttribute('~1', 'kind')).toBe('POST_IN');
    expect(g.extremities('~1')).toEqual(['post:区长@region:430223', 'region:430223']);
  });

  it('edges of one type share read-only attributes: an edit throws instead of changing them all', () => {
    const g = createViewGraph();
    loadCompact(g, { ...compact, type: [0, 0] });
    expect(g.getEdgeAttributes('~0')).toBe(g.getEdgeAttributes('~1'));
    expect(() => g.setEdgeAttribute('~0', 'articleId', 'a')).toThrow(TypeError);
    expect(g.getEdgeAttribute('~1', 'articleId')).toBe('');
  });

  it('a neighbourhood merged later does not duplicate an edge sent without its id', () => {
    const g = createViewGraph();
    loadCompact(g, compact);
    const sub: Subgraph = {
      nodes: [{ id: 'region:430200', label: 'Region', name: '株洲市', aliases: ['株洲'], props: {} }],
      edges: [
        {
          id: 'e-holds',
          type: 'HOLDS',
          source: 'official:赖晓智@43',
          target: 'post:区长@region:430223',
          articleId: 'a',
          props: {},
          evidence: null,
        },
        {
          id: 'e-part',
          type: 'PART_OF',
          source: 'region:430223',
          target: 'region:430200',
          articleId: '',
          props: {},
          evidence: null,
        },
      ],
    };
    expect(mergeSubgraph(g, sub)).toEqual(['region:430200']);
    expect(g.hasEdge('e-holds')).toBe(false);
    expect(g.hasEdge('e-part')).toBe(true);
    expect(g.size).toBe(3);
  });
});
