// Example worlds loaded at start (`strata serve --examples DIR...`). A world directory holds
// depot.json, hcl.json and cluster.json, and may hold more clusters of the same site in
// clusters/*.json.
//
// The service has ONE depot and ONE HCL, while each example world carries its own. So: the first
// world's depot and HCL are imported (only when the service has none yet, so a restart never
// overwrites what was imported over the API), and every world's cluster is created when no
// cluster of that name exists. Worlds whose depot differs from the first one therefore have
// their clusters planned against the first world's depot and HCL; a cluster whose desired image
// names items that depot lacks cannot be stored (as over the API) and is skipped with the reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCluster } from '../load/cluster.js';
import { loadWorld, worldFiles } from '../load/world.js';
import { NotInDepot } from './errors.js';
import type { StrataService } from './service.js';

/** A directory with depot.json is a world; otherwise each subdirectory with one is (sorted). */
export function worldDirs(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    if (fs.existsSync(path.join(dir, 'depot.json'))) {
      out.push(dir);
      continue;
    }
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const e of entries) if (fs.existsSync(path.join(dir, e, 'depot.json'))) out.push(path.join(dir, e));
  }
  return out;
}

export interface ExamplesLoaded {
  worlds: string[];
  clustersCreated: string[];
  /** clusters not created, with why */
  clustersSkipped: { name: string; reason: string }[];
  depotImported: boolean;
}

export async function loadExamples(service: StrataService, dirs: readonly string[]): Promise<ExamplesLoaded> {
  const worlds = worldDirs(dirs);
  const result: ExamplesLoaded = { worlds, clustersCreated: [], clustersSkipped: [], depotImported: false };
  for (const [i, dir] of worlds.entries()) {
    const world = loadWorld(worldFiles(dir));
    if (i === 0 && !service.depot && !service.hcl) {
      await service.importDepot(world.depot);
      await service.importHcl(world.hcl);
      result.depotImported = true;
    }
    const more = path.join(dir, 'clusters');
    const extra = fs.existsSync(more)
      ? fs
          .readdirSync(more)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => loadCluster(path.join(more, f)))
      : [];
    for (const cluster of [world.cluster, ...extra]) {
      if (service.clusterNames().includes(cluster.name)) continue;
      try {
        await service.putCluster(cluster.name, cluster);
      } catch (err) {
        if (!(err instanceof NotInDepot)) throw err;
        result.clustersSkipped.push({
          name: cluster.name,
          reason: `its desired image names what the depot lacks: ${err.missing.map((m) => m.what).join(', ')}`,
        });
        continue;
      }
      result.clustersCreated.push(cluster.name);
    }
  }
  return result;
}
