import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardDoc } from './schema';
import {
  addScopeItem,
  deleteScopeItem,
  moveScopeItem,
  readScope,
  restoreScopeItem,
  setScopePinned,
  updateScopeItem,
} from './scope';
import { addEstimate, readEstimates, setEstimatePinned } from './estimates';
import { addFocus, readFocus } from './focus';
import { readWrapup, setWrapupDone, setWrapupNote } from './wrapup';
import { DEFAULT_INPUTS } from '../backOfEnvelope';

const ada = { id: 'a', name: 'Ada' };

describe('scope items', () => {
  it('puts a deleted item back in its place, once', () => {
    const doc = createBoardDoc();
    addScopeItem(doc, { kind: 'assumption', text: 'one', step: 0, by: ada, at: 1 });
    const two = addScopeItem(doc, { kind: 'question', text: 'two', step: 0, by: ada, at: 2 })!;
    addScopeItem(doc, { kind: 'assumption', text: 'three', step: 0, by: ada, at: 3 });
    const before = readScope(doc);
    const item = before.find((i) => i.id === two)!;
    deleteScopeItem(doc, two);
    expect(readScope(doc).map((i) => i.text)).toEqual(['one', 'three']);
    expect(restoreScopeItem(doc, item)).toBe(true);
    expect(readScope(doc)).toEqual(before);
    expect(restoreScopeItem(doc, item)).toBe(false);
  });

  it('adds, edits, reorders, pins and deletes, recording step, author and time', () => {
    const doc = createBoardDoc();
    const a = addScopeItem(doc, { kind: 'assumption', text: '  100M DAU  ', step: 0, by: ada, at: 10 })!;
    const b = addScopeItem(doc, { kind: 'functional', text: 'Users can post', step: 0, by: ada, at: 20 })!;
    const c = addScopeItem(doc, { kind: 'question', text: 'Mobile too?', step: 1, by: ada, at: 30 })!;
    expect(addScopeItem(doc, { kind: 'assumption', text: '   ', step: 0, by: ada, at: 40 })).toBeNull();
    expect(readScope(doc).map((i) => i.text)).toEqual(['100M DAU', 'Users can post', 'Mobile too?']);
    expect(readScope(doc)[2]).toMatchObject({
      kind: 'question',
      step: 1,
      authorName: 'Ada',
      at: 30,
      pinned: false,
    });

    updateScopeItem(doc, c, { answer: 'Yes, iOS and Android' });
    moveScopeItem(doc, c, -1);
    expect(readScope(doc).map((i) => i.id)).toEqual([a, c, b]);
    moveScopeItem(doc, c, -1);
    moveScopeItem(doc, c, -1); // already first
    expect(readScope(doc).map((i) => i.id)).toEqual([c, a, b]);
    setScopePinned(doc, a, true);
    expect(readScope(doc).find((i) => i.id === a)?.pinned).toBe(true);
    updateScopeItem(doc, b, { text: '' }); // emptied: deleted
    deleteScopeItem(doc, c);
    expect(readScope(doc).map((i) => i.id)).toEqual([a]);
  });

  it('keeps concurrent edits to different fields of one item', () => {
    const a = createBoardDoc();
    const b = createBoardDoc();
    const id = addScopeItem(a, { kind: 'assumption', text: 'Reads dominate', step: 0, by: ada, at: 1 })!;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updateScopeItem(a, id, { text: 'Reads dominate 100:1' });
    setScopePinned(b, id, true);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readScope(a)[0]).toMatchObject({ text: 'Reads dominate 100:1', pinned: true });
    expect(readScope(b)).toEqual(readScope(a));
  });
});

describe('estimates, focus, wrap-up', () => {
  it('saves estimates with derived results and refuses invalid inputs', () => {
    const doc = createBoardDoc();
    const inputs = {
      ...DEFAULT_INPUTS,
      dau: 150e6,
      writesPerUserPerDay: 2,
      objectBytes: 1e6,
      storedPercent: 10,
    };
    const id = addEstimate(doc, { label: 'Feed', inputs, by: ada, at: 5 });
    setEstimatePinned(doc, id, true);
    const [saved] = readEstimates(doc);
    expect(saved).toMatchObject({ label: 'Feed', pinned: true, authorName: 'Ada' });
    expect(saved!.results!.writeQpsAverage).toBeCloseTo(3472.2, 1);
    expect(() => addEstimate(doc, { label: 'x', inputs: { ...inputs, dau: -1 }, by: ada, at: 6 })).toThrow();
  });

  it('marks focus components and keeps the wrap-up checklist', () => {
    const doc = createBoardDoc();
    expect(addFocus(doc, { label: 'Cache', shapeIds: [], by: ada, at: 1 })).toBeNull();
    addFocus(doc, { label: 'Cache', shapeIds: ['shape:a', 'shape:a', 'shape:b'], by: ada, at: 1 });
    expect(readFocus(doc)[0]).toMatchObject({ label: 'Cache', shapeIds: ['shape:a', 'shape:b'] });
    setWrapupDone(doc, 'errors', true);
    setWrapupNote(doc, 'errors', 'Retry with backoff');
    const errors = readWrapup(doc).find((w) => w.key === 'errors');
    expect(errors).toMatchObject({ done: true, note: 'Retry with backoff' });
    expect(readWrapup(doc).map((w) => w.key)).toEqual([
      'recap',
      'bottlenecks',
      'errors',
      'operations',
      'scale',
    ]);
  });
});
