import { test, expect, createBoardVia, signInContext } from './support/fixtures';

/** Interviewer-only text of the URL shortener question: a hint, estimates, a deep dive, rubric signals. */
const PRIVATE = [
  'Read:write ratio: redirects far outnumber new links',
  '3.5 × 10^12 codes',
  'At 36.5B links a year',
  'Click analytics off the critical path',
  'Red flag: truncates an MD5',
  'Derives the code length from the numbers',
];

test('the interviewer creates a board from a library question; the candidate never receives its private parts', async ({
  interviewer,
  candidate,
}) => {
  const p = interviewer.page;
  await interviewer.visit('/dashboard');
  await p.getByTestId('create.question').selectOption({ label: 'Design a URL shortener' });
  await expect(p.getByRole('textbox', { name: 'Title', exact: true })).toHaveValue('Design a URL shortener');
  await expect(p.getByLabel(/Problem prompt/)).toHaveValue(/^Design a link-shortening service/);
  await p.getByRole('button', { name: 'Create board' }).click();
  const candidateUrl = await p.getByTestId('created.candidate-url').inputValue();
  const boardUrl = await p.getByRole('link', { name: 'Open board' }).getAttribute('href');

  await interviewer.open(boardUrl!);
  const guide = p.getByTestId('panel.question');
  await expect(guide).toContainText('Read:write ratio');
  await expect(p.getByTestId('panel.question-rubric-now')).toContainText('Derives the code length');
  await p.getByTestId('panel.place-template').click(); // the interviewer chooses to place the starter
  await expect(interviewer.components).toHaveCount(4);
  await expect(interviewer.arrows).toHaveCount(3);

  // Everything the candidate's browser receives: every HTTP response body and WebSocket frame.
  const received: string[] = [];
  const bodies: Array<Promise<void>> = [];
  candidate.page.on('response', (res) =>
    bodies.push(
      res.body().then(
        (b) => void received.push(b.toString('utf8')),
        () => undefined, // redirects have no body
      ),
    ),
  );
  candidate.page.on('websocket', (ws) =>
    ws.on('framereceived', (f) =>
      received.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8')),
    ),
  );
  await candidate.open(candidateUrl);
  await expect(candidate.components).toHaveCount(4);
  await expect(candidate.page.getByTestId('panel.prompt')).toContainText('link-shortening service');
  await expect(candidate.page.getByTestId('panel.question')).toHaveCount(0);
  const refused = await candidate.page.request.get('/api/questions/url-shortener');
  expect(refused.status()).toBe(403);
  await Promise.all(bodies);

  const everything = [...received, await candidate.page.content(), await refused.text()].join('\n');
  expect(everything).toContain('Design a link-shortening service'); // the collection did see the board
  for (const secret of PRIVATE) expect(everything, secret).not.toContain(secret);
});

test('the dashboard filters boards by question; the review page and the summary name the question', async ({
  interviewer,
  baseURL,
}) => {
  const session = await interviewer.page.context().request.get('/api/boards');
  expect(session.status()).toBe(200);
  const fromQuestion = await interviewer.page.request.post('/api/boards', {
    data: { questionId: 'typeahead' },
  });
  expect(fromQuestion.status()).toBe(201);
  const { id } = (await fromQuestion.json()) as { id: string };
  const blank = await createBoardVia(baseURL!, 'A blank board for the filter');

  const p = interviewer.page;
  await interviewer.visit('/dashboard');
  const row = (boardId: string) =>
    p.getByTestId('dashboard.row').filter({ has: p.locator(`a[href="/b/${boardId}"]`) });
  await expect(row(id)).toContainText('Design search autocomplete');
  await p.getByTestId('dashboard.question-filter').selectOption({ label: 'Design search autocomplete' });
  await expect(row(id)).toHaveCount(1);
  await expect(row(blank.id)).toHaveCount(0);
  await p.getByTestId('dashboard.question-filter').selectOption({ label: 'No question (blank)' });
  await expect(row(id)).toHaveCount(0);
  await expect(row(blank.id)).toHaveCount(1);

  await interviewer.visit(`/r/${id}`);
  await expect(p.getByTestId('review.question')).toHaveText('Question: Design search autocomplete');
  await expect(p.getByTestId('panel.question')).toContainText('Signals for step 1'); // interviewers only
  const md = await (await p.request.get(`/api/boards/${id}/summary.md`)).text();
  expect(md).toContain('- Question: Design search autocomplete');
});

test('importing a malformed questions file names the bad field; good files, edits, copies and archiving work', async ({
  newActorContext,
  baseURL,
}) => {
  const ctx = await newActorContext();
  await signInContext(ctx, baseURL!);
  const p = await ctx.newPage();
  await p.goto('/questions');
  await expect(p.getByTestId('library.row').first()).toContainText('Design a URL shortener');

  const stamp = Date.now().toString(36);
  const good = {
    format: 'boardroom.questions',
    version: 1,
    questions: [
      { title: `Design a pager ${stamp}`, scopeHints: ['Who is on call?'] },
      {
        title: `Design a leaderboard ${stamp}`,
        referenceEstimates: [{ label: 'Score updates', value: '~50K/s', working: '5M players × 1/min ÷ 60' }],
      },
    ],
  };
  const bad = structuredClone(good) as {
    questions: Array<{ referenceEstimates?: Array<{ value: unknown }> }>;
  };
  bad.questions[1]!.referenceEstimates![0]!.value = 50_000;
  const file = (json: unknown) => ({
    name: 'questions.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(json)),
  });

  await p.getByTestId('library.import-file').setInputFiles(file(bad));
  await expect(p.getByTestId('library.message')).toContainText('questions[1].referenceEstimates[0].value');
  await expect(p.getByTestId('library.message')).toContainText('expected string');
  await expect(p.getByTestId('library.row').filter({ hasText: stamp })).toHaveCount(0); // nothing half-imported

  await p.getByTestId('library.import-file').setInputFiles(file(good));
  await expect(p.getByTestId('library.message')).toHaveText('Imported 2 questions.');
  await expect(p.getByTestId('library.row').filter({ hasText: stamp })).toHaveCount(2);

  // Edit one in the form.
  await p.getByRole('button', { name: `Edit Design a pager ${stamp}` }).click();
  await p.getByTestId('library.editor').getByLabel('Title').fill(`Design an on-call pager ${stamp}`);
  await p.getByRole('button', { name: 'Save question' }).click();
  await expect(
    p.getByTestId('library.row').filter({ hasText: `Design an on-call pager ${stamp}` }),
  ).toHaveCount(1);

  // Copy a built-in, then archive the copy: gone from the list until archived ones are shown.
  await p.getByRole('button', { name: 'Duplicate Design a rate limiter', exact: true }).click();
  const copies = p.getByTestId('library.row').filter({ hasText: 'Design a rate limiter (copy)' });
  await expect(copies.first()).toBeVisible();
  const before = await copies.count();
  await copies
    .first()
    .getByRole('button', { name: /^Archive/ })
    .click();
  await expect(copies).toHaveCount(before - 1);
  await p.getByLabel('Show archived').check();
  await expect(copies).toHaveCount(before);
});
