// Loading a whole world: all three files are always read, so an operator fixing inputs sees the
// problems of every file at once instead of one file per run.
import * as path from 'node:path';
import type { World } from '../model/types.js';
import { loadCluster } from './cluster.js';
import { loadDepot } from './depot.js';
import { InputError, type Problem } from './errors.js';
import { loadHcl } from './hcl.js';

export interface WorldFiles {
  depot: string;
  hcl: string;
  cluster: string;
}

/** The conventional file names of a world directory. */
export function worldFiles(dir: string): WorldFiles {
  return {
    depot: path.join(dir, 'depot.json'),
    hcl: path.join(dir, 'hcl.json'),
    cluster: path.join(dir, 'cluster.json'),
  };
}

export function loadWorld({ depot, hcl, cluster }: WorldFiles): World {
  const problems: Problem[] = [];
  let total = 0;
  function attempt<T>(load: () => T): T | undefined {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
      total += err.total;
      return undefined;
    }
  }
  const world = {
    depot: attempt(() => loadDepot(depot)),
    hcl: attempt(() => loadHcl(hcl)),
    cluster: attempt(() => loadCluster(cluster)),
  };
  if (total > 0) throw new InputError(problems, total);
  return world as World;
}
