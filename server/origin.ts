/**
 * Which origins this server answers as, and who a request comes from. Links the server hands
 * out and same-origin checks never trust a Host header alone: with `PUBLIC_URL` set, that origin
 * is the only one; without it, only this machine's own names and addresses on the listening port
 * (plus `ALLOWED_ORIGINS`) are accepted, so a forged Host cannot make links point elsewhere.
 * Behind a reverse proxy, the client address comes from `X-Forwarded-For` only when the
 * connection comes from a configured trusted proxy (`TRUST_PROXY`).
 */
import os from 'node:os';
import type { IncomingMessage } from 'node:http';

/** The origins a server answers as. */
export class OriginPolicy {
  private allowedCache: ReadonlySet<string> | null = null;

  constructor(
    private readonly publicUrl: string | null,
    /** The port the server listens on (known once it listens). */
    private readonly port: () => number,
    private readonly extra: readonly string[] = [],
  ) {}

  private get allowed(): ReadonlySet<string> {
    if (this.allowedCache) return this.allowedCache;
    const hosts = new Set(['localhost', '127.0.0.1', '[::1]', os.hostname()]);
    for (const list of Object.values(os.networkInterfaces())) {
      for (const addr of list ?? []) hosts.add(addr.family === 'IPv6' ? `[${addr.address}]` : addr.address);
    }
    const port = this.port();
    const origins = this.publicUrl
      ? [this.publicUrl]
      : [...hosts].flatMap((h) =>
          port === 80 ? [`http://${h}`, `http://${h}:80`] : [`http://${h}:${port}`],
        );
    return (this.allowedCache = new Set([...origins, ...this.extra]));
  }

  /** Every accepted origin (for the start-up message). */
  get origins(): string[] {
    return [...this.allowed];
  }

  /** The origin links for this request point at, or null when its Host is not one of ours. */
  originFor(req: IncomingMessage): string | null {
    if (this.publicUrl) return this.publicUrl;
    const origin = `http://${req.headers.host ?? ''}`;
    return this.allowed.has(origin) ? origin : null;
  }

  /**
   * True unless a browser says the request comes from a page of another origin. Requests
   * without an Origin header (curl, server-side tools) are allowed: credentials decide.
   */
  allowsRequestFrom(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true;
    return this.allowed.has(origin) && (this.publicUrl !== null || origin === this.originFor(req));
  }
}

/** Trusted reverse proxies' addresses (`TRUST_PROXY`, comma-separated); empty: trust none. */
export type TrustedProxies = ReadonlySet<string>;

function normalize(address: string): string {
  const a = address.trim();
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/**
 * The address a request comes from: the socket's peer, or, when the peer is a trusted proxy,
 * the rightmost address in `X-Forwarded-For` that is not itself a trusted proxy.
 */
export function clientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  const peer = normalize(req.socket.remoteAddress ?? 'unknown');
  if (!trusted.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map(normalize);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (hop && !trusted.has(hop)) return hop;
  }
  return peer;
}
