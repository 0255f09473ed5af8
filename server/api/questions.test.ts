import { describe, expect, it } from 'vitest';
import { createBoard, signIn, startTestServer } from '../testing/harness';
import { BoardMeta } from '../../lib/api';
import {
  QUESTIONS_FILE_FORMAT,
  Question,
  QuestionList,
  type QuestionContentInput,
} from '../../lib/questions/schema';
import { BUILTIN_QUESTIONS } from '../questions/builtin';

async function call(url: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', cookie: init.cookie ?? '' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    headers: res.headers,
  };
}

const mine: QuestionContentInput = {
  title: 'Design a parking garage',
  prompt: 'Cars come and go.',
  scopeHints: ['How many levels?'],
  referenceEstimates: [{ label: 'Spots', value: '2,000', working: '5 levels × 400' }],
  template: {
    name: 'Gate and database',
    components: [
      { key: 'gate', kind: 'client', label: 'Gate', x: 0, y: 0 },
      { key: 'db', kind: 'sql-db', label: 'Spots DB', x: 264, y: 0 },
    ],
    connections: [{ from: 'gate', to: 'db' }],
  },
};

describe('question library API', () => {
  it('ships at least 12 valid built-in questions with real content', () => {
    expect(BUILTIN_QUESTIONS.length).toBeGreaterThanOrEqual(12);
    for (const q of BUILTIN_QUESTIONS) {
      expect(q.prompt.length, q.id).toBeGreaterThan(80);
      expect(q.scopeHints.length, q.id).toBeGreaterThanOrEqual(5);
      expect(q.referenceEstimates.length, q.id).toBeGreaterThanOrEqual(3);
      expect(
        q.referenceEstimates.every((e) => e.working.length > 0),
        q.id,
      ).toBe(true);
      expect(q.deepDives.length, q.id).toBeGreaterThanOrEqual(4);
      for (const step of ['scope', 'design', 'deepDive', 'wrapUp'] as const)
        expect(q.rubric[step].length, `${q.id} ${step}`).toBeGreaterThan(0);
    }
    expect(new Set(BUILTIN_QUESTIONS.map((q) => q.id)).size).toBe(BUILTIN_QUESTIONS.length);
  });

  it('lists built-ins and workspace questions, and returns a whole question', async () => {
    const server = await startTestServer();
    const cookie = await signIn(server.url);
    const list = await call(`${server.url}/api/questions`, { cookie });
    expect(list.status).toBe(200);
    const summaries = QuestionList.parse(list.body);
    expect(summaries.map((q) => q.id)).toContain('url-shortener');
    expect(summaries[0]).toMatchObject({
      id: 'url-shortener',
      title: 'Design a URL shortener',
      builtIn: true,
    });
    expect(JSON.stringify(list.body)).not.toContain('scopeHints'); // the list carries no hints

    const one = await call(`${server.url}/api/questions/url-shortener`, { cookie });
    expect(one.status).toBe(200);
    const q = Question.parse(one.body);
    expect(q.scopeHints.length).toBeGreaterThan(0);
    expect(q.rubric.deepDive.length).toBeGreaterThan(0);
    expect((await call(`${server.url}/api/questions/nope`, { cookie })).status).toBe(404);
  });

  it('adds, edits, duplicates and archives workspace questions; built-ins are read-only', async () => {
    const server = await startTestServer();
    const cookie = await signIn(server.url);
    const created = await call(`${server.url}/api/questions`, { method: 'POST', cookie, body: mine });
    expect(created.status).toBe(201);
    const id = created.body!.id as string;
    expect(created.body).toMatchObject({ builtIn: false, archived: false, deepDives: [] });

    const edited = await call(`${server.url}/api/questions/${id}`, {
      method: 'PUT',
      cookie,
      body: { ...mine, title: 'Design a parking lot' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body!.title).toBe('Design a parking lot');

    const copy = await call(`${server.url}/api/questions/url-shortener/duplicate`, {
      method: 'POST',
      cookie,
    });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ title: 'Design a URL shortener (copy)', builtIn: false });

    expect((await call(`${server.url}/api/questions/${id}/archive`, { method: 'POST', cookie })).status).toBe(
      200,
    );
    const active = QuestionList.parse((await call(`${server.url}/api/questions`, { cookie })).body);
    expect(active.map((q) => q.id)).not.toContain(id);
    const all = QuestionList.parse(
      (await call(`${server.url}/api/questions?archived=include`, { cookie })).body,
    );
    expect(all.find((q) => q.id === id)).toMatchObject({ archived: true, hasTemplate: true });
    expect(
      (await call(`${server.url}/api/questions/${id}/unarchive`, { method: 'POST', cookie })).status,
    ).toBe(200);

    const builtIn = await call(`${server.url}/api/questions/url-shortener`, {
      method: 'PUT',
      cookie,
      body: mine,
    });
    expect(builtIn.status).toBe(403);
    expect(builtIn.body!.error).toMatch(/duplicate/);
    expect((await call(`${server.url}/api/questions/chat/archive`, { method: 'POST', cookie })).status).toBe(
      403,
    );
  });

  it('imports a file all or nothing, names the bad field, and exports what it stores', async () => {
    const server = await startTestServer();
    const cookie = await signIn(server.url);
    const file = {
      format: QUESTIONS_FILE_FORMAT,
      version: 1,
      questions: [mine, { title: 'Design a pager' }],
    };
    const ok = await call(`${server.url}/api/questions/import`, { method: 'POST', cookie, body: file });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ imported: 2 });

    const bad = structuredClone(file) as { questions: Array<Record<string, unknown>> };
    (bad.questions[0]!.referenceEstimates as Array<Record<string, unknown>>)[0]!.value = 2000;
    const refused = await call(`${server.url}/api/questions/import`, { method: 'POST', cookie, body: bad });
    expect(refused.status).toBe(400);
    expect(refused.body!.error).toMatch(
      /^invalid questions file: questions\[0\]\.referenceEstimates\[0\]\.value: .*string/,
    );

    const badTemplate = structuredClone(file) as {
      questions: Array<{ template?: { connections: unknown[] } }>;
    };
    badTemplate.questions[0]!.template!.connections = [{ from: 'gate', to: 'nowhere' }];
    const refusedTemplate = await call(`${server.url}/api/questions/import`, {
      method: 'POST',
      cookie,
      body: badTemplate,
    });
    expect(refusedTemplate.body!.error).toContain(
      'questions[0].template.connections[0].to: no component has key "nowhere"',
    );
    const wrongVersion = await call(`${server.url}/api/questions/import`, {
      method: 'POST',
      cookie,
      body: { ...file, version: 2 },
    });
    expect(wrongVersion.body!.error).toContain('version: this Boardroom reads version 1 files');

    const exported = await call(`${server.url}/api/questions/export`, { cookie });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('boardroom-questions.json');
    const titles = (exported.body!.questions as Array<{ title: string }>).map((q) => q.title).sort();
    expect(titles).toEqual(['Design a pager', 'Design a parking garage']); // the refused files added nothing
    // and the export imports again as it is
    const again = await call(`${server.url}/api/questions/import`, {
      method: 'POST',
      cookie,
      body: exported.body,
    });
    expect(again.body).toMatchObject({ imported: 2 });
  });

  it('is closed to candidate and review links (403) and to anyone else (401)', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    // A link's token becomes a per-board cookie once its page is opened.
    for (const token of [board.candidateToken, board.reviewToken]) {
      const cookie = `br_link_${board.id}=${token}`;
      for (const path of ['/api/questions', '/api/questions/url-shortener', '/api/questions/export']) {
        const res = await call(`${server.url}${path}`, { cookie });
        expect(res.status, path).toBe(403);
        expect(JSON.stringify(res.body)).not.toContain('Read:write');
      }
    }
    expect((await call(`${server.url}/api/questions`)).status).toBe(401);
    expect(
      (await call(`${server.url}/api/questions/url-shortener`, { cookie: `br_link_${board.id}=forged` }))
        .status,
    ).toBe(401);
  });

  it('creates a board from a question, taking its title and prompt unless given', async () => {
    const server = await startTestServer();
    const cookie = await signIn(server.url);
    const created = await call(`${server.url}/api/boards`, {
      method: 'POST',
      cookie,
      body: { questionId: 'rate-limiter' },
    });
    expect(created.status).toBe(201);
    const meta = BoardMeta.parse(
      (await call(`${server.url}/api/boards/${created.body!.id}`, { cookie })).body,
    );
    expect(meta).toMatchObject({
      title: 'Design a rate limiter',
      questionId: 'rate-limiter',
      questionTitle: 'Design a rate limiter',
    });
    expect(meta.prompt).toMatch(/^Design a rate limiter for a public HTTP API/);

    const custom = await call(`${server.url}/api/boards`, {
      method: 'POST',
      cookie,
      body: { questionId: 'chat', title: 'Chat, round 2', prompt: 'Only groups.' },
    });
    const customMeta = BoardMeta.parse(
      (await call(`${server.url}/api/boards/${custom.body!.id}`, { cookie })).body,
    );
    expect(customMeta).toMatchObject({
      title: 'Chat, round 2',
      prompt: 'Only groups.',
      questionTitle: 'Design a chat application',
    });

    const unknown = await call(`${server.url}/api/boards`, {
      method: 'POST',
      cookie,
      body: { questionId: 'nope' },
    });
    expect(unknown.status).toBe(400);
    const neither = await call(`${server.url}/api/boards`, { method: 'POST', cookie, body: {} });
    expect(neither.status).toBe(400);
    expect(neither.body!.error).toContain('title');
  });
});
