// Starts a node of a multi-node deployment on a shared (PostgreSQL) store: follows the other
// nodes' writes and routes re-solves through the pg-boss queue. Nothing to do on SQLite.
import { ResolveQueue, type Role } from './queue.js';
import { followStore } from './replica.js';
import type { StrataService } from './service.js';
import type { PostgresStore } from './store/postgres.js';

export interface ScaleOutOptions {
  role: Role;
  solveTimeoutMs: number;
  concurrency: number;
}

/** For `StrataService.open(opts, prepare)`: returns the prepare step and the queue it starts. */
export function scaleOut(opts: ScaleOutOptions): { prepare: (s: StrataService) => Promise<void>; queue: () => ResolveQueue | undefined } {
  let queue: ResolveQueue | undefined;
  return {
    prepare: async (service) => {
      if (!service.store.shared) return;
      followStore(service);
      queue = new ResolveQueue(service, service.store as PostgresStore, opts);
      await queue.start();
    },
    queue: () => queue,
  };
}
