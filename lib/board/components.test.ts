import { expect, it } from 'vitest';
import { createBoardDoc, tldrawRecords, type RecordJson } from './schema';
import { readComponents, readConnections } from './components';
import { addFocus } from './focus';
import { renderSummary } from '../summary';
import { COMPONENT_SHAPE_TYPE, defaultComponentProps, type ComponentKind } from '../canvas/componentShape';
import type { BoardMeta } from '../api';

function component(
  id: string,
  kind: ComponentKind,
  x: number,
  extra: Record<string, unknown> = {},
): RecordJson {
  return {
    id,
    typeName: 'shape',
    type: COMPONENT_SHAPE_TYPE,
    x,
    y: 0,
    props: { ...defaultComponentProps(kind), ...extra },
  };
}

function binding(id: string, arrow: string, to: string, terminal: 'start' | 'end'): RecordJson {
  return { id, typeName: 'binding', type: 'arrow', fromId: arrow, toId: to, props: { terminal } };
}

const board: BoardMeta = {
  id: 'b',
  title: 'Design a feed',
  prompt: '',
  status: 'live',
  createdAt: 0,
  updatedAt: 0,
  endedAt: null,
  candidateName: null,
  questionId: 'news-feed',
  questionTitle: 'Design a social news feed',
};

it('lists components with their figures, connections and focus in the summary', () => {
  const doc = createBoardDoc();
  const kv = tldrawRecords(doc);
  kv.set(
    'shape:db',
    component('shape:db', 'sql-db', 600, { text: 'Posts | DB', estimate: 'Posts: storage 30 TB' }),
  );
  kv.set(
    'shape:lb',
    component('shape:lb', 'load-balancer', 0, { tech: 'Nginx', estimate: 'Posts: peak read QPS 6.94K' }),
  );
  kv.set(
    'shape:app',
    component('shape:app', 'service', 300, { text: 'App server', replicas: 3, capacity: '5k QPS each' }),
  );
  kv.set('shape:arrow', { id: 'shape:arrow', typeName: 'shape', type: 'arrow', x: 0, y: 0, props: {} });
  kv.set('binding:1', binding('binding:1', 'shape:arrow', 'shape:lb', 'start'));
  kv.set('binding:2', binding('binding:2', 'shape:arrow', 'shape:app', 'end'));
  addFocus(doc, { label: 'Storage', shapeIds: ['shape:db'], by: { id: 'u', name: 'U' }, at: 1 });

  expect(readComponents(doc).map((c) => c.id)).toEqual(['shape:lb', 'shape:app', 'shape:db']);
  expect(readConnections(doc)).toEqual([['shape:lb', 'shape:app']]);
  const md = renderSummary(board, doc, { now: 1, notes: null });
  expect(md).toContain('- Question: Design a social news feed');
  expect(md).toContain('| Load balancer | Load balancer | 1 | Nginx | — | Posts: peak read QPS 6.94K |');
  expect(md).toContain('| App server | Service | 3 | — | 5k QPS each | — |');
  expect(md).toContain(
    '| Posts \\| DB (deep-dive focus) | SQL database | 1 | — | — | Posts: storage 30 TB |',
  );
  expect(md).toContain('- Load balancer → App server');
});
