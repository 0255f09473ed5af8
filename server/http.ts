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

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Sends the error as a page, for a browser that asked for one (a page refused before Next.js
 * renders it, e.g. past the request limit): the same message, readable, no script, nothing loaded.
 */
export function sendErrorPage(res: ServerResponse, err: HttpError): void {
  const message = err.message.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!);
  const retry = err.headers['retry-after'];
  const text = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Boardroom: ${message}</title></head>`,
    '<body style="font-family: sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">',
    `<h1>Boardroom</h1><p>${message.charAt(0).toUpperCase() + message.slice(1)}.</p>`,
    retry ? `<p>You can reload this page in ${Number(retry)} seconds.</p>` : '',
    '</body></html>',
  ].join('\n');
  res.writeHead(err.status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    ...err.headers,
  });
  res.end(text);
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
