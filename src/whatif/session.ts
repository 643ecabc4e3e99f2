// Running a scenario file: in this thread (--jobs 1, or few scenarios) or across a pool of
// worker threads, each holding the world, the baseline and its own incremental state. Results
// come back in input order whatever the path.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Recommendations, World } from '../model/types.js';
import type { EngineName } from '../sat/engine.js';
import { WhatifRunner, type RunnerOptions } from './run.js';
import type { ScenarioLine } from './scenario.js';
import {
  addStats,
  emptyStats,
  type BatchReply,
  type RunStats,
  type ScenarioAnswer,
  type ScenarioDigest,
  type ScenarioResult,
} from './types.js';
import { digestOf } from './report.js';
import type { WhatifTask, WhatifWorkerData } from './worker.js';
import { compiledWorkerArgv } from '../util/worker-argv.js';

export interface WhatifOptions {
  /** worker threads; 1 runs in this thread; default: the number of cores */
  jobs?: number;
  engine?: EngineName;
  /** the scenario file as the user named it, for problems */
  file?: string;
  /** scenario lines per task sent to a worker */
  batchSize?: number;
  /** below this many scenarios the pool is not worth its start-up: run in this thread */
  minParallel?: number;
  /** more runner options for the in-thread path (tests, benchmarks) */
  runner?: Omit<RunnerOptions, 'engine' | 'file'>;
}

export interface WhatifSession {
  baseline: Recommendations;
  /** worker threads used (1: this thread) */
  jobs: number;
  total: number;
  /** counted as results are produced */
  readonly stats: RunStats;
  /** every answer, in input order; iterate once */
  results(): AsyncGenerator<ScenarioAnswer>;
  close(): Promise<void>;
}

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** The compiled worker: next to this module in dist/, or dist/whatif/worker.js when running from src/ (tests). */
export function workerFile(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/whatif/worker.js', here) : new URL('./worker.js', here);
  return fileURLToPath(url);
}

export async function startWhatif(world: World, lines: readonly ScenarioLine[], opts: WhatifOptions = {}): Promise<WhatifSession> {
  const requested = opts.jobs ?? defaultJobs();
  const minParallel = opts.minParallel ?? 64;
  const file = opts.file ?? 'scenarios.jsonl';
  const jobs = Math.max(1, Math.min(requested, Math.ceil(lines.length / 16)));
  if (jobs <= 1 || lines.length < minParallel || !fs.existsSync(workerFile())) {
    return inThread(world, lines, { ...opts.runner, ...(opts.engine ? { engine: opts.engine } : {}), file });
  }
  return pooled(world, lines, jobs, opts, file);
}

async function inThread(world: World, lines: readonly ScenarioLine[], opts: RunnerOptions): Promise<WhatifSession> {
  const runner = await WhatifRunner.create(world, opts);
  return {
    baseline: runner.baseline,
    jobs: 1,
    total: lines.length,
    get stats() {
      return runner.stats;
    },
    async *results() {
      for (const l of lines) yield new LocalAnswer(await runner.runLine(l.line, l.text));
    },
    async close() {
      runner.dispose();
    },
  };
}

async function pooled(
  world: World,
  lines: readonly ScenarioLine[],
  jobs: number,
  opts: WhatifOptions,
  file: string,
): Promise<WhatifSession> {
  const repairs = opts.runner?.repairs;
  const repairsBudget = opts.runner?.repairsBudget;
  const data: WhatifWorkerData = {
    world,
    file,
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(repairs === undefined ? {} : { repairs }),
    ...(repairsBudget === undefined ? {} : { repairsBudget }),
  };
  const pool = new Piscina({
    filename: workerFile(),
    workerData: data,
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: Number.MAX_SAFE_INTEGER,
    execArgv: compiledWorkerArgv(),
  });
  const stats = emptyStats();
  let baseline: Recommendations;
  try {
    // every worker plans the baseline while the first one reports it
    baseline = (await pool.run({ kind: 'baseline' } satisfies WhatifTask)) as Recommendations;
  } catch (err) {
    await pool.destroy();
    throw err;
  }
  // batches small enough to balance the threads, large enough to keep the messaging cheap
  const size = opts.batchSize ?? Math.max(1, Math.min(64, Math.ceil(lines.length / (jobs * 8))));
  const batches: ScenarioLine[][] = [];
  for (let i = 0; i < lines.length; i += size) batches.push(lines.slice(i, i + size));
  return {
    baseline,
    jobs,
    total: lines.length,
    stats,
    async *results() {
      const pending = batches.map((b) => pool.run({ kind: 'batch', lines: b } satisfies WhatifTask) as Promise<BatchReply>);
      // a rejected batch is reported when its turn comes; the others must not be unhandled meanwhile
      for (const p of pending) p.catch(() => undefined);
      for (const p of pending) {
        const reply = await p;
        addStats(stats, reply.stats);
        for (let i = 0; i < reply.texts.length; i++) yield new SentAnswer(reply.texts[i]!, reply.digests[i]!);
      }
    },
    async close() {
      await pool.destroy();
    },
  };
}

/** An answer made in this thread: its text and digest made when first asked for. */
class LocalAnswer implements ScenarioAnswer {
  private json?: string;
  private made?: ScenarioDigest;
  constructor(private readonly r: ScenarioResult) {}
  get text(): string {
    this.json ??= JSON.stringify(this.r);
    return this.json;
  }
  get digest(): ScenarioDigest {
    this.made ??= digestOf(this.r);
    return this.made;
  }
  result(): ScenarioResult {
    return this.r;
  }
}

/** An answer a worker sent as text: parsed when its result is first asked for. */
class SentAnswer implements ScenarioAnswer {
  private parsed?: ScenarioResult;
  constructor(
    readonly text: string,
    readonly digest: ScenarioDigest,
  ) {}
  result(): ScenarioResult {
    this.parsed ??= JSON.parse(this.text) as ScenarioResult;
    return this.parsed;
  }
}
