// The list a client keeps its live calls in (and one caller signal its waiting calls): entries leave
// in any order, and what close() walks is what is left.
import { describe, expect, it } from 'vitest';
import { LinkedList } from '../../runtime/src/linked-list.ts';

describe('LinkedList', () => {
  it('entries leave in any order: the head, the middle, the last', () => {
    const list = new LinkedList<string>();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((value) => list.add(value));
    expect(list.values().sort()).toEqual(['a', 'b', 'c', 'd']);
    list.delete(b);
    expect(list.values().sort()).toEqual(['a', 'c', 'd']);
    list.delete(d);
    list.delete(a);
    expect(list.values()).toEqual(['c']);
    list.delete(c);
    expect(list.values()).toEqual([]);
    expect(list.empty).toBe(true);
  });

  it('removing an entry twice does nothing to the others', () => {
    const list = new LinkedList<number>();
    const one = list.add(1);
    list.add(2);
    list.delete(one);
    list.delete(one);
    expect(list.values()).toEqual([2]);
    // Also when the removed entry was the only one.
    const only = new LinkedList<number>();
    const link = only.add(1);
    only.delete(link);
    only.add(2);
    only.delete(link);
    expect(only.values()).toEqual([2]);
  });

  it('values() stays the same while its entries remove themselves', () => {
    const list = new LinkedList<() => void>();
    const seen: number[] = [];
    const links = [1, 2, 3].map((n) =>
      list.add(() => {
        seen.push(n);
        list.delete(links[n - 1]);
      }),
    );
    for (const callback of list.values()) callback();
    expect(seen.sort()).toEqual([1, 2, 3]);
    expect(list.empty).toBe(true);
  });
});
