/** Calls our JSON API from the browser; failures become Errors carrying the server's message. */
import type { z } from 'zod';
import { ErrorResponse } from '../lib/api';

/** Sends a request and parses the JSON answer with `schema` (no schema: expects no body). */
export async function callApi<S extends z.ZodType>(
  path: string,
  init: RequestInit,
  schema: S,
): Promise<z.infer<S>>;
export async function callApi(path: string, init: RequestInit): Promise<void>;
export async function callApi(path: string, init: RequestInit, schema?: z.ZodType): Promise<unknown> {
  const headers = new Headers(init.headers);
  if (typeof init.body === 'string' && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const res = await fetch(path, { cache: 'no-store', ...init, headers });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  if (!res.ok) {
    const parsed = ErrorResponse.safeParse(body);
    throw new Error(parsed.success ? parsed.data.error : `request failed (${res.status})`);
  }
  return schema ? schema.parse(body) : undefined;
}
