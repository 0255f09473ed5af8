/** Small HTTP helpers shared by the API routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { MAX_JSON_BODY_BYTES } from '../lib/limits';
import { describeIssues } from '../lib/zodErrors';

/** An error that becomes a JSON response `{"error": message}` with `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Sends a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** Sends `{"error": message}`. */
export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: err.message }, err.headers);
}

/** Reads a request body of at most `limit` bytes; 413 beyond it. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new HttpError(413, `body larger than ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, `body larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and validates a JSON body of at most `limit` bytes; 415 when not JSON, 400 when invalid
 * (naming the offending field, e.g. `questions[2].title: ...`).
 */
export async function readJson<T extends z.ZodType>(
  req: IncomingMessage,
  schema: T,
  opts: { limit?: number; what?: string } = {},
): Promise<z.infer<T>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    req.resume();
    throw new HttpError(415, 'content-type must be application/json');
  }
  const raw = await readBody(req, opts.limit ?? MAX_JSON_BODY_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success)
    throw new HttpError(400, `invalid ${opts.what ?? 'body'}: ${describeIssues(result.error)}`);
  return result.data;
}

/** Throws 405 unless the method is one of `allowed`. */
export function allowMethods(req: IncomingMessage, ...allowed: string[]): void {
  if (!allowed.includes(req.method ?? '')) {
    throw new HttpError(405, `method ${req.method} not allowed`, { allow: allowed.join(', ') });
  }
}

/** Decodes one URL path segment; null when it is not valid percent-encoding. */
export function decodePathPart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
