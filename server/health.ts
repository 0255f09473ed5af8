/**
 * `/healthz` and `/readyz`. Health says whether this instance can do its work: storage answers
 * (503 when it does not), and, with several instances, whether Redis does (reported, not fatal:
 * instances then catch up from storage). Readiness says whether a load balancer should send new
 * clients here: not while the instance drains on SIGTERM.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BoardStore } from './storage/BoardStore';
import { allowMethods, sendJson } from './http';

/** Longest a health check waits for storage. */
const STORAGE_CHECK_MS = 2_000;

/** What the health endpoints look at. */
export interface HealthDeps {
  store: BoardStore;
  /** Redis reachability, or null without Redis (one instance). */
  redisReachable: (() => boolean) | null;
  /** True once the instance has started draining. */
  draining: () => boolean;
}

async function storageAnswers(store: BoardStore): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), STORAGE_CHECK_MS);
  });
  try {
    // A read of a board that cannot exist: one indexed query on either store.
    return await Promise.race([store.getBoard('healthz').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Answers `/healthz` or `/readyz`; false for any other path. */
export async function handleHealth(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: HealthDeps,
): Promise<boolean> {
  if (path !== '/healthz' && path !== '/readyz') return false;
  allowMethods(req, 'GET', 'HEAD');
  const storage = await storageAnswers(deps.store);
  const redis = deps.redisReachable ? { redis: deps.redisReachable() ? 'ok' : 'unreachable' } : {};
  const body = { storage: storage ? 'ok' : 'unreachable', ...redis };
  if (path === '/healthz') {
    sendJson(res, storage ? 200 : 503, { ok: storage, ...body });
  } else {
    const ready = storage && !deps.draining();
    sendJson(res, ready ? 200 : 503, { ready, draining: deps.draining(), ...body });
  }
  return true;
}
