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
  /**
   * with jobs > 1, this thread answers scenarios too, as one of the jobs (a process with nothing
   * else to do, as the CLI): it starts answering at once while the workers load, and it needs no
   * copy of the world. A service keeps its thread free for requests.
   */
  inThread?: boolean;
  /**
   * with inThread: the workers start when, at this thread's pace over a stretch of `afterMs`
   * (the third stretch or a later one), the rest would take it `leftMs` more alone (default 1000
   * and 8000; tests start them after the third batch)
   */
  workersWhen?: { afterMs: number; leftMs: number };
  /** more runner options for this thread's runner (tests, benchmarks; workers take repairs and its budget) */
  runner?: Omit<RunnerOptions, 'engine' | 'file'>;
}

export interface WhatifSession {
  baseline: Recommendations;
  /** threads answering (1: this thread alone); with inThread, workers count once started */
  readonly jobs: number;
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
    return inThread(world, lines, runnerOptions(opts, file));
  }
  return pooled(world, lines, jobs, opts, file);
}

/** The options of a runner in this thread. */
function runnerOptions(opts: WhatifOptions, file: string): RunnerOptions {
  return { ...opts.runner, ...(opts.engine ? { engine: opts.engine } : {}), file };
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
  const workers = opts.inThread ? jobs - 1 : jobs;
  let pool: Piscina | undefined;
  const startPool = () =>
    (pool ??= new Piscina({
      filename: workerFile(),
      workerData: data,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      execArgv: compiledWorkerArgv(),
    }));
  let local: WhatifRunner | undefined;
  let baseline: Recommendations;
  try {
    if (opts.inThread) {
      local = await WhatifRunner.create(world, runnerOptions(opts, file));
      baseline = local.baseline;
    } else {
      // every worker plans the baseline while the first one reports it
      baseline = (await startPool().run({ kind: 'baseline' } satisfies WhatifTask)) as Recommendations;
    }
  } catch (err) {
    await pool?.destroy();
    throw err;
  }
  // Batches are handed out as threads come free, so a thread that is slower (starting, or
  // sharing its core) takes fewer; small enough to balance the threads at the end, large enough
  // to keep the messaging cheap.
  const size = opts.batchSize ?? Math.max(1, Math.min(32, Math.ceil(lines.length / (jobs * 16))));
  const batches: ScenarioLine[][] = [];
  for (let i = 0; i < lines.length; i += size) batches.push(lines.slice(i, i + size));
  const replies: (Deferred<ScenarioAnswer[]> | undefined)[] = batches.map(() => deferred<ScenarioAnswer[]>());
  for (const r of replies) r!.promise.catch(() => undefined);
  const stats = emptyStats();
  let next = 0;
  let closed = false;
  const take = () => (closed || next >= batches.length ? -1 : next++);
  // batches the reader has taken, and this thread's wait for it: beside workers, this thread
  // answers at most AHEAD batches beyond what was read
  let read = 0;
  let readerMoved: (() => void) | undefined;
  const when = opts.workersWhen ?? WORKERS_WHEN;
  // this thread's share beside the workers, once they started (awaited by close)
  let localDone: Promise<void> | undefined;
  // a failure (a bug: a bad scenario is an answer) fails every batch not answered yet, reported
  // when its turn comes; the other threads stop after their batch
  const pump = (p: Promise<void>) =>
    p.catch((err: unknown) => {
      closed = true;
      for (const r of replies) r?.reject(err);
    });
  const fromWorkers = async (workerPool: Piscina) => {
    // a worker takes batches once it has loaded the world (its baseline), not before
    await workerPool.run({ kind: 'baseline' } satisfies WhatifTask);
    for (let i = take(); i >= 0; i = take()) {
      const reply = (await workerPool.run({ kind: 'batch', lines: batches[i]! } satisfies WhatifTask)) as BatchReply;
      addStats(stats, reply.stats);
      replies[i]!.resolve(reply.texts.map((t, k) => new SentAnswer(t, reply.digests[k]!)));
    }
  };
  const startWorkers = () => {
    const started = startPool();
    for (let k = 0; k < workers; k++) void pump(fromWorkers(started));
  };
  /** This thread's share beside the workers: the next batch not taken, while not too far ahead of the reader. */
  const besideWorkers = async (runner: WhatifRunner) => {
    for (let i = take(); i >= 0; i = take()) {
      while (i - read >= AHEAD && !closed) await new Promise<void>((r) => (readerMoved = r));
      const answers: ScenarioAnswer[] = [];
      for (const l of batches[i]!) {
        answers.push(new LocalAnswer(await runner.runLine(l.line, l.text)));
        // let the workers' replies in, so that a worker done with its batch gets the next one
        await new Promise<void>((r) => setImmediate(r));
      }
      replies[i]!.resolve(answers);
    }
  };
  /** The answers of the batches from `from` on, as they come. */
  async function* replied(from: number): AsyncGenerator<ScenarioAnswer> {
    for (let i = from; i < replies.length; i++) {
      const answers = await replies[i]!.promise;
      // answers read are not held: a long file's would fill the memory
      replies[i] = undefined;
      read = i + 1;
      readerMoved?.();
      yield* answers;
    }
  }
  /**
   * This thread alone answers each line as it is read, as with one job, while the rest would not
   * take it long: a worker costs a copy of the world, a baseline and a second of compiling before
   * its first answer, and a thread here keeps more than one core busy already (garbage collection,
   * compilation). The pace is measured over stretches of `when.afterMs`, from the third on: the
   * first ones run slower (code compiled as it runs, no answer kept yet to reuse). Then the
   * workers start, and this thread answers beside them.
   */
  async function* alone(runner: WhatifRunner): AsyncGenerator<ScenarioAnswer> {
    let mark = { at: performance.now(), done: 0, stretch: 0 };
    let done = 0;
    let i = 0;
    for (; i < batches.length && !pool && !closed; i++) {
      next = i + 1;
      for (const l of batches[i]!) {
        yield new LocalAnswer(await runner.runLine(l.line, l.text));
        done++;
      }
      const now = performance.now();
      if (workers > 0 && now - mark.at >= when.afterMs) {
        const left = ((now - mark.at) / (done - mark.done)) * (lines.length - done);
        if (mark.stretch > 1 && left >= when.leftMs) startWorkers();
        mark = { at: now, done, stretch: mark.stretch + 1 };
      }
    }
    if (i < batches.length && !closed) {
      read = i;
      localDone = pump(besideWorkers(runner));
      yield* replied(i);
    }
  }
  return {
    baseline,
    get jobs() {
      // the threads that have answered or will: workers started late, or never
      return (local ? 1 : 0) + (pool ? workers : 0);
    },
    total: lines.length,
    get stats() {
      if (!local) return stats;
      const both = { ...stats };
      addStats(both, local.stats);
      return both;
    },
    results() {
      if (local) return alone(local);
      startWorkers();
      return replied(0);
    },
    async close() {
      closed = true;
      readerMoved?.();
      // the batch this thread is answering ends before its runner is disposed; the workers'
      // batches are cut short
      await localDone;
      local?.dispose();
      await pool?.destroy();
    },
  };
}

/** Batches this thread answers beside the workers beyond those read. */
const AHEAD = 4;

/**
 * With this thread answering too: the workers start when, at its pace over its third second or a
 * later one, the rest would take it 8 s more.
 */
const WORKERS_WHEN = { afterMs: 1000, leftMs: 8000 };

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
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
