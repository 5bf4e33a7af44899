import { describe, expect, it } from 'vitest';
import { compareVersions, formatRange, inRange, parseRange } from '../../generator/src/versions.ts';

describe('parseRange', () => {
  it.each([
    { given: '1.25..1.34', want: { from: '1.25', to: '1.34' } },
    { given: '1.44', want: { from: '1.44', to: '1.44' } },
    { given: '1.52..', want: { from: '1.52' } },
  ])('$given', ({ given, want }) => expect(parseRange(given, 'x')).toEqual(want));

  it.each(['1.34..1.25', '2', '1.x', '..1.25', '1.25..1.30..', '1.25...', '1.25..1.x', ''])('rejects %j', (given) => {
    expect(() => parseRange(given, 'where')).toThrow(`where: bad version range "${given}"`);
  });
});

describe('compareVersions and inRange', () => {
  it('orders numerically, not as text', () => {
    expect(['1.100', '1.9', '1.25'].sort(compareVersions)).toEqual(['1.9', '1.25', '1.100']);
    expect(inRange('1.30', { from: '1.25', to: '1.36' })).toBe(true);
    expect(inRange('1.37', { from: '1.25', to: '1.36' })).toBe(false);
  });

  it('an open-ended range holds its first version and every later one, none before', () => {
    expect(['1.51', '1.52', '1.56', '1.100'].map((v) => inRange(v, parseRange('1.52..', 'x')))).toEqual([false, true, true, true]);
  });
});

describe('formatRange', () => {
  it.each(['1.25..1.34', '1.44', '1.52..'])('writes %j back as parsed', (text) => expect(formatRange(parseRange(text, 'x'))).toBe(text));
});
