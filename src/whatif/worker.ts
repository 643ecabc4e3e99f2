// A what-if worker (a Piscina thread): loads the world once from its workerData, plans the
// baseline once, then answers batches of scenario lines, in order.
import { workerData } from 'piscina';
import type { Recommendations, World } from '../model/types.js';
import type { EngineName } from '../sat/engine.js';
import { WhatifRunner } from './run.js';
import type { ScenarioLine } from './scenario.js';
import { emptyStats, type RunStats, type ScenarioResult } from './types.js';

export interface WhatifWorkerData {
  world: World;
  engine?: EngineName;
  file: string;
  repairs?: number;
  repairsBudget?: number;
}

export type WhatifTask = { kind: 'baseline' } | { kind: 'batch'; lines: ScenarioLine[] };

export interface BatchReply {
  results: ScenarioResult[];
  stats: RunStats;
}

let runner: Promise<WhatifRunner> | undefined;

function getRunner(): Promise<WhatifRunner> {
  const data = workerData as WhatifWorkerData;
  runner ??= WhatifRunner.create(data.world, {
    file: data.file,
    ...(data.engine ? { engine: data.engine } : {}),
    ...(data.repairs === undefined ? {} : { repairs: data.repairs }),
    ...(data.repairsBudget === undefined ? {} : { repairsBudget: data.repairsBudget }),
  });
  return runner;
}

export default async function run(task: WhatifTask): Promise<Recommendations | BatchReply> {
  const r = await getRunner();
  if (task.kind === 'baseline') return r.baseline;
  const stats = emptyStats();
  const before = { ...r.stats };
  const results: ScenarioResult[] = [];
  for (const l of task.lines) results.push(await r.runLine(l.line, l.text));
  for (const k of Object.keys(stats) as (keyof RunStats)[]) stats[k] = r.stats[k] - before[k];
  return { results, stats };
}
