import { describe, expect, it } from 'vitest';
import { compareVersions, inRange, parseRange } from '../../generator/src/versions.ts';

describe('parseRange', () => {
  it.each([
    { given: '1.25..1.34', want: { from: '1.25', to: '1.34' } },
    { given: '1.44', want: { from: '1.44', to: '1.44' } },
  ])('$given', ({ given, want }) => expect(parseRange(given, 'x')).toEqual(want));

  it.each(['1.34..1.25', '2', '1.x', '1.25..', ''])('rejects %j', (given) => {
    expect(() => parseRange(given, 'where')).toThrow(`where: bad version range "${given}"`);
  });
});

describe('compareVersions and inRange', () => {
  it('orders numerically, not as text', () => {
    expect(['1.100', '1.9', '1.25'].sort(compareVersions)).toEqual(['1.9', '1.25', '1.100']);
    expect(inRange('1.30', { from: '1.25', to: '1.36' })).toBe(true);
    expect(inRange('1.37', { from: '1.25', to: '1.36' })).toBe(false);
  });
});
