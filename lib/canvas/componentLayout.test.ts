import { describe, expect, it } from 'vitest';
import {
  LAYOUT,
  backCardCount,
  fittingFontSize,
  layoutComponent,
  longestWord,
  type MeasureText,
} from './componentLayout';
import { defaultComponentProps } from './componentShape';

// A monospace stand-in for the browser: 0.6 em per character, lines wrapped at spaces only.
const measure: MeasureText = (text, fontSize, maxWidth) => {
  const charW = fontSize * 0.6;
  const lineH = Math.round(fontSize * LAYOUT.lineHeight);
  if (maxWidth === null) return { w: text.length * charW, h: lineH };
  let lines = 1;
  let line = 0;
  for (const word of text.split(' ')) {
    const w = word.length * charW;
    if (line > 0 && line + charW + w > maxWidth) {
      lines++;
      line = w;
    } else line += (line > 0 ? charW : 0) + w;
  }
  return { w: maxWidth, h: lines * lineH };
};

describe('component layout', () => {
  it('keeps the normal label size while the longest word fits, and shrinks it when not', () => {
    expect(fittingFontSize(100, 148)).toBe(LAYOUT.labelFont);
    expect(fittingFontSize(200, 148)).toBe(11);
    expect(fittingFontSize(1_000, 148)).toBe(LAYOUT.minLabelFont);
    expect(longestWord('Authentication service')).toBe('Authentication');
  });

  it('widens a shape whose longest word does not fit even at the smallest size', () => {
    const props = { ...defaultComponentProps('service'), w: 100, text: 'Supercalifragilisticexpialidocious' };
    const layout = layoutComponent(props, measure);
    expect(layout.labelFont).toBe(LAYOUT.minLabelFont);
    const wordAtFloor = props.text.length * LAYOUT.minLabelFont * 0.6;
    expect(layout.neededWidth - LAYOUT.padX * 2).toBeGreaterThanOrEqual(Math.ceil(wordAtFloor));
  });

  it('stacks at most two cards behind for replicas, inside the shape', () => {
    expect([1, 2, 3, 50].map(backCardCount)).toEqual([0, 1, 2, 2]);
    const layout = layoutComponent({ ...defaultComponentProps('service'), replicas: 3 }, measure);
    expect(layout.backCards).toHaveLength(2);
    for (const r of [...layout.backCards, layout.card]) {
      expect(r.x + r.w).toBeLessThanOrEqual(defaultComponentProps().w);
      expect(r.y).toBeGreaterThanOrEqual(0);
    }
  });

  it('needs more height for details and an estimate', () => {
    const base = defaultComponentProps('cache');
    const plain = layoutComponent(base, measure).neededHeight;
    const detailed = layoutComponent({ ...base, tech: 'Redis', capacity: '50k QPS' }, measure);
    const withEstimate = layoutComponent(
      { ...base, tech: 'Redis', estimate: 'Posts: peak read QPS 6.94K' },
      measure,
    );
    expect(detailed.details).toBe('Redis · 50k QPS');
    expect(detailed.neededHeight).toBeGreaterThan(plain);
    expect(withEstimate.neededHeight).toBeGreaterThan(detailed.neededHeight - 1);
  });
});
