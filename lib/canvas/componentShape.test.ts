import { describe, expect, it } from 'vitest';
import { createBoardTLSchema } from '../board/tldrawSchema';
import {
  COMPONENT_KINDS,
  COMPONENT_SHAPE_TYPE,
  MAX_COMPONENT_LABEL_CHARS,
  clampComponentProps,
  defaultComponentProps,
} from './componentShape';

const schema = createBoardTLSchema();

function record(props: Record<string, unknown>) {
  return {
    id: 'shape:c1',
    typeName: 'shape',
    type: COMPONENT_SHAPE_TYPE,
    parentId: 'page:page',
    index: 'a1',
    x: 0,
    y: 0,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props,
  };
}

const validate = (props: Record<string, unknown>) => schema.types.shape.validate(record(props) as never);

describe('component shape props', () => {
  it('accept every kind with its defaults', () => {
    for (const kind of COMPONENT_KINDS)
      expect(() => validate({ ...defaultComponentProps(kind) })).not.toThrow();
  });

  it('reject what a well-behaved client never writes, naming the prop', () => {
    const ok = { ...defaultComponentProps('cache') };
    expect(() => validate({ ...ok, kind: 'mainframe' })).toThrow(/props\.kind/);
    expect(() => validate({ ...ok, text: 'x'.repeat(MAX_COMPONENT_LABEL_CHARS + 1) })).toThrow(/props\.text/);
    expect(() => validate({ ...ok, replicas: 0 })).toThrow(/props\.replicas/);
    expect(() => validate({ ...ok, replicas: 2.5 })).toThrow(/props\.replicas/);
    expect(() => validate({ ...ok, replicas: 1000 })).toThrow(/props\.replicas/);
    expect(() => validate({ ...ok, w: -1 })).toThrow(/props\.w/);
    expect(() => validate({ ...ok, tech: 42 })).toThrow(/props\.tech/);
    expect(() => validate({ ...ok, secret: 'x' })).toThrow(/secret/);
    const { estimate: _dropped, ...missing } = ok;
    expect(() => validate(missing)).toThrow(/props\.estimate/);
  });

  it('clamps typed text to the caps instead of failing', () => {
    const clamped = clampComponentProps({ text: 'y'.repeat(500), replicas: 0, tech: 't'.repeat(99) });
    expect(clamped.text).toHaveLength(MAX_COMPONENT_LABEL_CHARS);
    expect(clamped.replicas).toBe(1);
    expect(() => validate({ ...defaultComponentProps('cache'), ...clamped })).not.toThrow();
  });
});
