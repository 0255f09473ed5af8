/**
 * The kinds of system-design component and the caps on their props: plain data with no tldraw
 * import, so pages that only list kinds (the question library) and the server's read thread (the
 * summary) stay light.
 */

/** The component shape's type name in tldraw records. */
export const COMPONENT_SHAPE_TYPE = 'system-component';

/** Every kind of component, in palette order. */
export const COMPONENT_KINDS = [
  'client',
  'dns',
  'cdn',
  'load-balancer',
  'api-gateway',
  'service',
  'worker',
  'scheduler',
  'cache',
  'sql-db',
  'nosql-db',
  'object-store',
  'queue',
  'search',
  'third-party',
  'box',
] as const;
/** A kind of component. */
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** What each kind is called (the default label of a new component, and the palette's name for it). */
export const COMPONENT_KIND_LABELS: Readonly<Record<ComponentKind, string>> = {
  client: 'Client',
  dns: 'DNS',
  cdn: 'CDN',
  'load-balancer': 'Load balancer',
  'api-gateway': 'API gateway',
  service: 'Service',
  worker: 'Worker',
  scheduler: 'Scheduler',
  cache: 'Cache',
  'sql-db': 'SQL database',
  'nosql-db': 'NoSQL database',
  'object-store': 'Object store',
  queue: 'Message queue',
  search: 'Search index',
  'third-party': 'Third-party API',
  box: 'Box',
};

/** One line on what each kind stands for (palette tooltips). */
export const COMPONENT_KIND_HINTS: Readonly<Record<ComponentKind, string>> = {
  client: 'Web or mobile client',
  dns: 'Name resolution, geo routing',
  cdn: 'Edge cache for static and media content',
  'load-balancer': 'Spreads requests over instances',
  'api-gateway': 'Auth, rate limits, routing',
  service: 'Stateless application service',
  worker: 'Background job consumer',
  scheduler: 'Cron, delayed jobs',
  cache: 'In-memory key-value cache',
  'sql-db': 'Relational database',
  'nosql-db': 'Key-value, document or wide-column store',
  'object-store': 'Blobs: images, video, files',
  queue: 'Message queue or stream',
  search: 'Inverted index, full-text search',
  'third-party': 'External API: payments, maps, email',
  box: 'Anything else',
};

/** Longest label, in characters. */
export const MAX_COMPONENT_LABEL_CHARS = 80;
/** Longest technology ("Redis") and capacity ("50k QPS") text, in characters. */
export const MAX_COMPONENT_DETAIL_CHARS = 40;
/** Longest attached estimate figure, in characters. */
export const MAX_COMPONENT_ESTIMATE_CHARS = 120;
/** Longest reference to the attached estimate (`<estimate id>:<figure>`), in characters. */
export const MAX_COMPONENT_ESTIMATE_REF_CHARS = 64;
/** Most replicas one shape stands for. */
export const MAX_COMPONENT_REPLICAS = 999;
/** Largest width or height, in page units (a sanity bound for validation). */
export const MAX_COMPONENT_SIZE = 4_000;
