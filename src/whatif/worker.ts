// A what-if worker (a Piscina thread): loads the world once from its workerData and plans the
// baseline as it starts, then answers batches of scenario lines, in order.
import { workerData } from 'piscina';
import type { Recommendations, World } from '../model/types.js';
import type { EngineName } from '../sat/engine.js';
import { WhatifRunner } from './run.js';
import type { ScenarioLine } from './scenario.js';
import type { BatchReply } from './types.js';

export interface WhatifWorkerData {
  world: World;
  engine?: EngineName;
  file: string;
  repairs?: number;
  repairsBudget?: number;
}

export type WhatifTask = { kind: 'baseline' } | { kind: 'batch'; lines: ScenarioLine[] };

/** Loaded and planned as the worker starts (Piscina loads this module then), not on its first task. */
const runner = startRunner(workerData as WhatifWorkerData);
// a failure is the first task's to report
runner.catch(() => undefined);

function startRunner(data: WhatifWorkerData): Promise<WhatifRunner> {
  return WhatifRunner.create(data.world, {
    file: data.file,
    ...(data.engine ? { engine: data.engine } : {}),
    ...(data.repairs === undefined ? {} : { repairs: data.repairs }),
    ...(data.repairsBudget === undefined ? {} : { repairsBudget: data.repairsBudget }),
  });
}

export default async function run(task: WhatifTask): Promise<Recommendations | BatchReply> {
  const r = await runner;
  return task.kind === 'baseline' ? r.baseline : r.runLines(task.lines);
}
