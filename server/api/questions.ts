/**
 * `/api/questions*`: the question library, for interviewers only. Scope hints, reference
 * estimates, deep-dive candidates and rubrics are what the interviewer knows and the candidate
 * must not: candidate and review links get 403, anyone without credentials 401.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  MAX_QUESTIONS_FILE_BYTES,
  QuestionContent,
  QuestionsFile,
  type ImportResult,
  type Question,
  type QuestionSummary,
} from '../../lib/questions/schema';
import { isBoardId } from '../../lib/ids';
import type { Auth } from '../auth';
import { linkCookieName, readCookies } from '../auth/cookies';
import { HttpError, allowMethods, readJson, sendJson } from '../http';
import { log } from '../log';
import type { QuestionLibrary } from '../questions/library';

/** Bodies of a single question are larger than other API bodies (lists, a template). */
const MAX_QUESTION_BODY_BYTES = 256 * 1024;

/** The board ids of the link cookies the request carries. */
function linkCookieBoards(req: IncomingMessage): string[] {
  const prefix = linkCookieName('');
  return [...readCookies(req).keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

/**
 * Interviewers pass. A valid candidate or review link gets 403 (known, but not allowed here);
 * everyone else 401.
 */
export async function requireQuestionAccess(req: IncomingMessage, auth: Auth): Promise<void> {
  if (await auth.isInterviewer(req)) return;
  const cookies = readCookies(req);
  for (const boardId of linkCookieBoards(req)) {
    if (!isBoardId(boardId)) continue;
    const access = await auth.linkAccess(boardId, cookies.get(linkCookieName(boardId))!);
    if (access.ok)
      throw new HttpError(403, `the question library is for interviewers, not the ${access.role} role`);
  }
  throw new HttpError(401, 'interviewer sign-in required');
}

/** Routes `/api/questions`, `/api/questions/<id>` and `/api/questions/<id>/<action>`. */
export async function handleQuestions(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: { auth: Auth; questions: QuestionLibrary },
  id: string | undefined,
  action: string | undefined,
): Promise<void> {
  await requireQuestionAccess(req, ctx.auth);
  const lib = ctx.questions;

  if (!id) {
    allowMethods(req, 'GET', 'POST');
    if (req.method === 'GET') {
      const includeArchived = url.searchParams.get('archived') === 'include';
      return sendJson(res, 200, (await lib.list({ includeArchived })) satisfies QuestionSummary[]);
    }
    const created = await lib.create(
      await readJson(req, QuestionContent, { limit: MAX_QUESTION_BODY_BYTES }),
    );
    log.info('question created', { question: created.id });
    return sendJson(res, 201, created satisfies Question, { location: `/api/questions/${created.id}` });
  }

  if (id === 'export' && !action) {
    allowMethods(req, 'GET');
    const file = await lib.exportFile();
    return sendJson(res, 200, file, {
      'content-disposition': 'attachment; filename="boardroom-questions.json"',
    });
  }
  if (id === 'import' && !action) {
    allowMethods(req, 'POST');
    const file = await readJson(req, QuestionsFile, {
      limit: MAX_QUESTIONS_FILE_BYTES,
      what: 'questions file',
    });
    const result = await lib.importFile(file);
    log.info('questions imported', { count: result.imported });
    return sendJson(res, 200, result satisfies ImportResult);
  }

  if (!action) {
    allowMethods(req, 'GET', 'PUT');
    if (req.method === 'GET') {
      const question = await lib.get(id);
      if (!question) throw new HttpError(404, 'question not found');
      return sendJson(res, 200, question satisfies Question);
    }
    const content = await readJson(req, QuestionContent, { limit: MAX_QUESTION_BODY_BYTES });
    return sendJson(res, 200, (await lib.update(id, content)) satisfies Question);
  }

  allowMethods(req, 'POST');
  if (action === 'duplicate') {
    const copy = await lib.duplicate(id);
    return sendJson(res, 201, copy satisfies Question, { location: `/api/questions/${copy.id}` });
  }
  if (action === 'archive' || action === 'unarchive') {
    return sendJson(res, 200, (await lib.setArchived(id, action === 'archive')) satisfies Question);
  }
  throw new HttpError(404, `no API route ${req.method} ${url.pathname}`);
}
