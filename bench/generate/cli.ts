// Writes one generated world (depot.json, hcl.json, cluster.json) into a directory, in the
// input formats of SPEC §2, so that the CLI can be pointed at it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateFleet, PRESETS, type FleetParams, type PresetName } from './world.js';

export interface WrittenWorld {
  depot: string;
  hcl: string;
  cluster: string;
  /** number of clusters in the generated fleet (only one is written) */
  clusters: number;
}

/**
 * Generates the fleet of `preset` (a preset name or explicit parameters) with `seed` and writes
 * its depot, its HCL and its `clusterIndex`-th cluster into `dir` (created when missing).
 */
export function writeWorld(dir: string, preset: PresetName | FleetParams, seed: number, clusterIndex = 0): WrittenWorld {
  const params = typeof preset === 'string' ? PRESETS[preset] : preset;
  if (!params) throw new Error(`unknown preset ${String(preset)}`);
  const fleet = generateFleet(params, seed);
  const cluster = fleet.clusters[clusterIndex];
  if (!cluster) throw new Error(`cluster index ${clusterIndex} out of range (0..${fleet.clusters.length - 1})`);
  mkdirSync(dir, { recursive: true });
  const out = {
    depot: join(dir, 'depot.json'),
    hcl: join(dir, 'hcl.json'),
    cluster: join(dir, 'cluster.json'),
    clusters: fleet.clusters.length,
  };
  writeFileSync(out.depot, JSON.stringify(fleet.depot, null, 1) + '\n');
  writeFileSync(out.hcl, JSON.stringify(fleet.hcl, null, 1) + '\n');
  writeFileSync(out.cluster, JSON.stringify(cluster, null, 1) + '\n');
  return out;
}

export interface WrittenFleet {
  depot: string;
  hcl: string;
  /** the folder of cluster files, one `<name>.json` per cluster */
  clusters: string;
  count: number;
}

/**
 * Writes a whole generated fleet into `dir` as `strata fleet` reads it: depot.json, hcl.json and
 * clusters/<name>.json. Compact JSON, like the texts the bench's load rows parse. `clusters`
 * keeps only the first ones when given.
 */
export function writeFleet(dir: string, preset: PresetName | FleetParams, seed: number, clusters?: number): WrittenFleet {
  const params = typeof preset === 'string' ? PRESETS[preset] : preset;
  if (!params) throw new Error(`unknown preset ${String(preset)}`);
  const fleet = generateFleet(params, seed);
  const out = { depot: join(dir, 'depot.json'), hcl: join(dir, 'hcl.json'), clusters: join(dir, 'clusters'), count: 0 };
  mkdirSync(out.clusters, { recursive: true });
  writeFileSync(out.depot, JSON.stringify(fleet.depot) + '\n');
  writeFileSync(out.hcl, JSON.stringify(fleet.hcl) + '\n');
  for (const cluster of fleet.clusters.slice(0, clusters ?? fleet.clusters.length)) {
    writeFileSync(join(out.clusters, `${cluster.name}.json`), JSON.stringify(cluster) + '\n');
    out.count++;
  }
  return out;
}
