// Options shared by the commands that ask a question of one world (validate, recommend,
// enumerate): where the three input files are, which SAT engine answers, and --json.
import * as fs from 'node:fs';
import { UsageError } from './command.js';
import { parseArgs, type FlagSpec, type ParsedArgs } from './args.js';
import { loadWorld, worldFiles, type WorldFiles } from '../load/world.js';
import { Catalog } from '../catalog/catalog.js';
import type { World } from '../model/types.js';
import type { EngineName } from '../sat/engine.js';
import { DEFAULT_ENGINE, ENGINE_NAMES, isEngineName, shutdownEngines } from '../sat/registry.js';

export const WORLD_VALUE_FLAGS = ['depot', 'hcl', 'cluster', 'world', 'engine'] as const;
export const WORLD_BOOLEAN_FLAGS = ['json'] as const;

export interface WorldArgs {
  files: WorldFiles;
  engine: EngineName;
  json: boolean;
  /** everything parsed, for the command's own extra flags */
  parsed: ParsedArgs;
}

/** The help paragraph describing the shared options (each command adds its own). */
export const WORLD_OPTIONS_HELP = `Inputs (give the three files, or a directory holding all three):
  --depot FILE      the software depot: components, base images, add-ons, packages, solutions
                    (format: docs/depot.md)
  --hcl FILE        the hardware compatibility list: releases, servers, devices (docs/hcl.md)
  --cluster FILE    the cluster: its hosts with their devices, and the desired image
                    (docs/cluster.md)
  --world DIR       a directory holding depot.json, hcl.json and cluster.json; --depot, --hcl
                    or --cluster given as well replace that one file

Options:
  --engine NAME     the SAT engine that searches the images: ${ENGINE_NAMES.join(', ')} (default ${DEFAULT_ENGINE});
                    every engine gives the same answers
  --json            print JSON (shapes: docs/output.md) instead of the report for people
  -h, --help        print this help`;

export const EXIT_CODES_HELP = `Exit codes:
  0  the question was answered (also when the image is not valid or no image is valid)
  2  bad usage (unknown option, missing input) or bad input (the message names the file and
     the JSON path of each problem)
  1  internal failure (a bug: please report it with the inputs)`;

/** Parses the shared options plus the command's own; throws UsageError on any mistake. */
export function parseWorldArgs(command: string, args: readonly string[], extra: FlagSpec = {}): WorldArgs {
  const parsed = parseArgs(args, {
    values: [...WORLD_VALUE_FLAGS, ...(extra.values ?? [])],
    booleans: [...WORLD_BOOLEAN_FLAGS, ...(extra.booleans ?? [])],
  });
  if (parsed.positionals.length > 0) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(parsed.positionals[0])} (inputs are given with --world DIR or --depot/--hcl/--cluster FILE)`,
    );
  }
  return {
    files: worldFilesFrom(command, parsed),
    engine: engineFrom(parsed),
    json: parsed.booleans.has('json'),
    parsed,
  };
}

function worldFilesFrom(command: string, parsed: ParsedArgs): WorldFiles {
  const dir = parsed.values.get('world');
  let base: Partial<WorldFiles> = {};
  if (dir !== undefined) {
    let isDir = false;
    try {
      isDir = fs.statSync(dir).isDirectory();
    } catch {
      throw new UsageError(`--world ${dir}: no such directory (it should hold depot.json, hcl.json and cluster.json)`);
    }
    if (!isDir) {
      throw new UsageError(`--world ${dir}: not a directory (it should hold depot.json, hcl.json and cluster.json)`);
    }
    base = worldFiles(dir);
  }
  const files = {
    depot: parsed.values.get('depot') ?? base.depot,
    hcl: parsed.values.get('hcl') ?? base.hcl,
    cluster: parsed.values.get('cluster') ?? base.cluster,
  };
  const missing = (['depot', 'hcl', 'cluster'] as const).filter((k) => files[k] === undefined);
  if (missing.length > 0) {
    const names = missing.map((m) => `--${m}`);
    const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    throw new UsageError(
      `missing ${list} (or --world DIR, a directory holding depot.json, hcl.json and cluster.json)\n` +
        `Example: strata ${command} --world examples/dell-r750\n` +
        `     or: strata ${command} --depot depot.json --hcl hcl.json --cluster cluster.json`,
    );
  }
  return files as WorldFiles;
}

function engineFrom(parsed: ParsedArgs): EngineName {
  const name = parsed.values.get('engine');
  if (name === undefined) return DEFAULT_ENGINE;
  if (!isEngineName(name)) {
    throw new UsageError(`unknown engine ${JSON.stringify(name)}: choose one of ${ENGINE_NAMES.join(', ')} (default ${DEFAULT_ENGINE})`);
  }
  return name;
}

export interface LoadedWorld {
  world: World;
  catalog: Catalog;
}

/** Reads all three files (InputError names every problem of every file) and indexes the catalog. */
export function loadWorldFiles(files: WorldFiles): LoadedWorld {
  const world = loadWorld(files);
  return { world, catalog: new Catalog(world.depot, world.hcl) };
}

/** Runs `fn`, then releases the engines' process-wide resources (Z3's threads) whatever happens. */
export async function withEngines<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await shutdownEngines();
  }
}
