import { describe, expect, it } from 'vitest';
import { IDENTITY_COLORS, distinctColor } from './identity';

describe('distinctColor', () => {
  const red = IDENTITY_COLORS[0]!;
  it('keeps a person’s own colour when nobody before them shows in it', () => {
    expect(
      distinctColor({ id: 'b', color: red, clientId: 5 }, [{ id: 'a', color: '#1971c2', clientId: 1 }]),
    ).toBe(red);
  });
  it('gives the higher client id another colour, and both browsers agree', () => {
    const a = { id: 'a', color: red, clientId: 1 };
    const b = { id: 'b', color: red, clientId: 2 };
    expect(distinctColor(a, [a, b])).toBe(red);
    const shown = distinctColor(b, [a, b]);
    expect(shown).not.toBe(red);
    expect(IDENTITY_COLORS).toContain(shown);
  });
  it('does not count the same person in another tab', () => {
    expect(distinctColor({ id: 'a', color: red, clientId: 9 }, [{ id: 'a', color: red, clientId: 1 }])).toBe(
      red,
    );
  });
});
