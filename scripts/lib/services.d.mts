/** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null;
/** The path of redis-server, or null when Redis is not installed. */
export function findRedisServer(): string | null;
