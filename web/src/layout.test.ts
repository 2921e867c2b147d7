import { describe, expect, it } from 'vitest';
import { graphFromSubgraph } from './graph-model.ts';
import { copyPositions, layoutBudgetMs, shadowOf } from './layout.ts';

describe('layout helpers', () => {
  const g = graphFromSubgraph({
    nodes: [
      { id: 'a', label: 'Official', name: '甲', aliases: [], props: {} },
      { id: 'b', label: 'Region', name: '乙', aliases: [], props: {} },
    ],
    edges: [{ id: 'e', type: 'PART_OF', source: 'a', target: 'b', articleId: '', props: {}, evidence: null }],
  });

  it('the shadow graph has the structure and positions only, and positions copy back in one update', () => {
    const shadow = shadowOf(g);
    expect(shadow.order).toBe(2);
    expect(shadow.size).toBe(1);
    expect(Object.keys(shadow.getNodeAttributes('a')).sort()).toEqual(['x', 'y']);
    shadow.setNodeAttribute('a', 'x', 42);
    let events = 0;
    g.on('eachNodeAttributesUpdated', () => events++);
    copyPositions(shadow, g);
    expect(g.getNodeAttribute('a', 'x')).toBe(42);
    expect(g.getNodeAttribute('a', 'name')).toBe('甲');
    expect(events).toBe(1);
  });

  it('the time budget grows with the graph and is bounded', () => {
    expect(layoutBudgetMs(10)).toBeLessThan(layoutBudgetMs(2000));
    expect(layoutBudgetMs(1_000_000)).toBe(12_000);
  });
});
