// Which store a location names: a postgres:// URL, or a directory for SQLite. The PostgreSQL
// driver is loaded only when one is asked for.
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';
import { isPostgresUrl } from './url.js';

export async function createStore(location: string): Promise<Store> {
  if (!isPostgresUrl(location)) return new SqliteStore(location);
  const { PostgresStore } = await import('./postgres.js');
  return new PostgresStore(location);
}
