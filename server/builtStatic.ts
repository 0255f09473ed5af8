/**
 * Serves the build's hashed static files (`/_next/static/...`) in the encodings `npm run build`
 * compressed them into, so no request compresses a script on the fly (docs/architecture.md,
 * "Pages open fast").
 *
 * Next.js gzips every response as it sends it: the canvas's 1.7 MB chunk cost the server 60-90 ms
 * of CPU per request, on the cores the browser opening the page shares on a small machine. The
 * build writes `<file>.br` and `<file>.gz` beside each script and stylesheet; this handler serves
 * the smallest one the browser accepts. Only files found at start-up are served here, so a path
 * is never joined to the disk; anything else (and every file in dev) goes to Next.js as before.
 * Each copy is read once and kept (a build's are ~5 MB in all): every response sends the same
 * buffer, so many slow downloads of the canvas's chunk (this route has no request limit) hold one
 * copy of it, not one each.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { IMMUTABLE_FILE_HEADERS } from './static';

const PREFIX = '/_next/static/';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The encodings a build writes, best first, with the suffix of their files. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof ENCODINGS)[number]['name'];

interface BuiltFile {
  type: string;
  /** The file as built, and each compressed copy the build wrote, by encoding. */
  plain: string;
  encoded: Partial<Record<Encoding, string>>;
  /** Their contents once read, by encoding ('identity': the file as built). */
  read: Map<Encoding | 'identity', Promise<Buffer>>;
}

/** Which of our encodings an `Accept-Encoding` header allows (q=0 refuses one). */
export function acceptedEncodings(header: string | undefined): Set<Encoding> {
  const out = new Set<Encoding>();
  for (const part of (header ?? '').split(',')) {
    const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    if (token === 'br' || token === 'gzip') out.add(token);
    else if (token === '*') for (const e of ENCODINGS) out.add(e.name);
  }
  return out;
}

/** Lists `<projectDir>/.next/static`'s scripts and stylesheets with their compressed copies. */
function scan(staticDir: string): Map<string, BuiltFile> {
  const files = new Map<string, BuiltFile>();
  let entries: string[];
  try {
    entries = fs.readdirSync(staticDir, { recursive: true, encoding: 'utf8' });
  } catch {
    return files; // no build yet: Next.js answers (with its own error)
  }
  const present = new Set(entries);
  for (const rel of entries) {
    const type = CONTENT_TYPES[path.extname(rel)];
    if (!type) continue;
    const encoded: BuiltFile['encoded'] = {};
    for (const e of ENCODINGS) {
      if (present.has(rel + e.suffix)) encoded[e.name] = path.join(staticDir, rel + e.suffix);
    }
    if (Object.keys(encoded).length === 0) continue;
    files.set(PREFIX + rel.split(path.sep).join('/'), {
      type,
      plain: path.join(staticDir, rel),
      encoded,
      read: new Map(),
    });
  }
  return files;
}

/**
 * A handler for `/_next/static/...`: true if it answered, false to leave the request to Next.js.
 * The directory is read once, when the handler is made.
 */
export function createBuiltStaticHandler(
  projectDir: string,
): (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean> {
  const files = scan(path.join(projectDir, '.next', 'static'));
  return async (req, res, pathname) => {
    const file = files.get(pathname);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const accepted = acceptedEncodings(req.headers['accept-encoding']);
    const encoding = ENCODINGS.find((e) => accepted.has(e.name) && file.encoded[e.name])?.name;
    const key = encoding ?? 'identity';
    let reading = file.read.get(key);
    if (!reading) {
      reading = fs.promises.readFile(encoding ? file.encoded[encoding]! : file.plain);
      file.read.set(key, reading);
      reading.catch(() => file.read.delete(key));
    }
    let data: Buffer;
    try {
      data = await reading;
    } catch {
      return false; // removed since start-up (a rebuild): Next.js answers as it would have
    }
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': data.length,
      ...(encoding && { 'content-encoding': encoding }),
      vary: 'accept-encoding',
      ...IMMUTABLE_FILE_HEADERS,
    });
    res.end(data); // Node sends no body for HEAD
    return true;
  };
}
