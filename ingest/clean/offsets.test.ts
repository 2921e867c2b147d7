import { describe, expect, it } from 'vitest';
import { compose, identity, MapBuilder, mapRange } from './offsets.ts';

/** A toy step: replaces every `ab` by `X` and drops every `-`. */
function toy(text: string) {
  const b = new MapBuilder(text);
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('ab', i)) {
      b.copy(last, i);
      b.emit('X', i, i + 2);
      last = i + 2;
      i++;
    } else if (text[i] === '-') {
      b.copy(last, i);
      b.drop(i, i + 1);
      last = i + 1;
    }
  }
  b.copy(last, text.length);
  return b.finish();
}

describe('MapBuilder', () => {
  it('returns the identity (no maps) when nothing changes', () => {
    const m = toy('hello');
    expect(m.text).toBe('hello');
    expect(m.starts).toBeNull();
  });

  it('maps replacements and drops back to their input spans', () => {
    const m = toy('1ab-2');
    expect(m.text).toBe('1X2');
    expect(mapRange(m, 5, 0, 1)).toEqual([0, 1]);
    expect(mapRange(m, 5, 1, 2)).toEqual([1, 3]);
    expect(mapRange(m, 5, 2, 3)).toEqual([4, 5]);
    expect(mapRange(m, 5, 0, 3)).toEqual([0, 5]);
  });

  it('maps a same-length replacement unit by unit and a longer one to the whole span', () => {
    const b = new MapBuilder('abcd');
    b.copy(0, 1);
    b.emit('BC', 1, 3);
    b.emit('xyz', 3, 4);
    const m = b.finish();
    expect(m.text).toBe('aBCxyz');
    expect(mapRange(m, 4, 2, 3)).toEqual([2, 3]);
    expect(mapRange(m, 4, 4, 5)).toEqual([3, 4]);
  });

  it('maps empty ranges, ranges past the end and an empty text', () => {
    const m = toy('ab-');
    expect(m.text).toBe('X');
    expect(mapRange(m, 3, 1, 1)).toEqual([2, 2]);
    expect(mapRange(m, 3, 0, 99)).toEqual([0, 2]);
    expect(mapRange(identity(''), 0, 0, 0)).toEqual([0, 0]);
  });
});

describe('compose', () => {
  it('composes two steps into one map from the first input to the last output', () => {
    const a = toy('-aabb-c'); // -> 'aXbc'
    expect(a.text).toBe('aXbc');
    const b = toy(a.text.replace('Xb', 'Xb')); // identity
    expect(b.starts).toBeNull();
    const s = new MapBuilder(a.text); // 'aXbc' -> 'aYc': X and b become Y
    s.copy(0, 1);
    s.emit('Y', 1, 3);
    s.copy(3, 4);
    const c = s.finish();
    const ac = compose(compose(a, b), c);
    expect(ac.text).toBe('aYc');
    expect(mapRange(ac, 7, 0, 1)).toEqual([1, 2]);
    expect(mapRange(ac, 7, 1, 2)).toEqual([2, 5]);
    expect(mapRange(ac, 7, 2, 3)).toEqual([6, 7]);
  });

  it('is associative', () => {
    const x = '--abab--ab-';
    const a = toy(x);
    const s1 = new MapBuilder(a.text);
    s1.copy(0, 1);
    s1.drop(1, 2);
    s1.copy(2, a.text.length);
    const b = s1.finish();
    const s2 = new MapBuilder(b.text);
    s2.emit('QQ', 0, 1);
    s2.copy(1, b.text.length);
    const c = s2.finish();
    const left = compose(compose(a, b), c);
    const right = compose(a, compose(b, c));
    expect(left.text).toBe(right.text);
    for (let i = 0; i < left.text.length; i++) {
      expect(mapRange(left, x.length, i, i + 1)).toEqual(mapRange(right, x.length, i, i + 1));
    }
  });
});
