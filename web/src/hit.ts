/**
 * Which edge is under the mouse, by geometry in viewport pixels. Sigma can find edges by GPU picking,
 * but that draws every edge a second time on every frame (a picking layer made when the renderer is
 * built, for every graph size); a click only needs one scan over the edges, on graphs small enough
 * for their edges to be clickable.
 */

export interface Point {
  x: number;
  y: number;
}

/** An edge as drawn: its ends in viewport pixels and its thickness. */
export interface DrawnEdge {
  key: string;
  from: Point;
  to: Point;
  width: number;
}

/** Distance in pixels from `p` to the segment `a`-`b`. */
export function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/**
 * The edge nearest to `p` within `tolerance` pixels of its drawn stroke, or null. Among edges at the
 * same distance the last drawn (on top) wins.
 */
export function edgeAt(p: Point, edges: Iterable<DrawnEdge>, tolerance = 4): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const e of edges) {
    const d = segmentDistance(p, e.from, e.to) - e.width / 2;
    if (d <= tolerance && d <= bestDistance) {
      best = e.key;
      bestDistance = d;
    }
  }
  return best;
}
