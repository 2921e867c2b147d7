import { describe, expect, it } from 'vitest';
import { edgeAt, segmentDistance, type DrawnEdge } from './hit.ts';

const edges: DrawnEdge[] = [
  { key: 'horizontal', from: { x: 0, y: 0 }, to: { x: 100, y: 0 }, width: 1 },
  { key: 'vertical', from: { x: 50, y: -50 }, to: { x: 50, y: 50 }, width: 1 },
  { key: 'thick', from: { x: 200, y: 0 }, to: { x: 300, y: 0 }, width: 10 },
];

describe('segmentDistance', () => {
  it('measures to the nearest point of the segment, ends included', () => {
    expect(segmentDistance({ x: 30, y: 3 }, { x: 0, y: 0 }, { x: 100, y: 0 })).toBe(3);
    expect(segmentDistance({ x: 103, y: 4 }, { x: 0, y: 0 }, { x: 100, y: 0 })).toBe(5);
    expect(segmentDistance({ x: 3, y: 4 }, { x: 0, y: 0 }, { x: 0, y: 0 })).toBe(5);
  });
});

describe('edgeAt', () => {
  it('finds the edge under the point, the nearest one when two are close', () => {
    expect(edgeAt({ x: 20, y: 2 }, edges)).toBe('horizontal');
    expect(edgeAt({ x: 52, y: 30 }, edges)).toBe('vertical');
    expect(edgeAt({ x: 48, y: 1 }, edges)).toBe('horizontal');
  });

  it('counts the stroke width and ignores points beyond the tolerance', () => {
    expect(edgeAt({ x: 250, y: 8 }, edges)).toBe('thick');
    expect(edgeAt({ x: 20, y: 9 }, edges)).toBeNull();
    expect(edgeAt({ x: 150, y: 0 }, edges)).toBeNull();
    expect(edgeAt({ x: 20, y: 0 }, [])).toBeNull();
  });

  it('prefers the edge drawn last among equally near ones', () => {
    const twins: DrawnEdge[] = [
      { key: 'a', from: { x: 0, y: 0 }, to: { x: 10, y: 0 }, width: 1 },
      { key: 'b', from: { x: 0, y: 0 }, to: { x: 10, y: 0 }, width: 1 },
    ];
    expect(edgeAt({ x: 5, y: 1 }, twins)).toBe('b');
  });
});
