// The solver pool: Piscina threads running worker.ts, so the main thread never blocks on a solve.
//
// - Tasks carry hashes and the cluster; the depot and HCL (as one binary snapshot) go only to a
//   worker that answered "missing" (see worker.ts).
// - Each task has a time limit: past it the task's AbortSignal fires, Piscina terminates the
//   thread running it (a CPU-bound solve cannot be interrupted any other way) and starts a fresh
//   one; the caller gets a SolveTimeout.
// - A task whose thread died (an uncaught error, a native crash, process.exit in the worker) is
//   retried once on a fresh thread; a second death is reported as WorkerCrashed.
// - `threads: 0` runs tasks in the calling thread (same code, no isolation, no time limit): for
//   unit tests running TypeScript sources, where there is no compiled worker to start.
//
// Worker file: Piscina threads run plain JavaScript, so the pool points at the compiled
// dist/service/worker.js next to the compiled pool.js. When this module itself runs from
// src/ (vitest), it points at dist/ as well, which must then have been built (`npm run build`).
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { EngineName } from '../sat/engine.js';
import type { SolveReply, SolveTask, TaskKind } from './worker.js';
import { compiledWorkerArgv } from '../util/worker-argv.js';

export class SolveTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`the solve did not finish within its time limit of ${limitMs} ms and was cancelled`);
    this.name = 'SolveTimeout';
  }
}

export class WorkerCrashed extends Error {
  constructor(cause: unknown) {
    super(`the solver worker crashed twice on this task (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'WorkerCrashed';
  }
}

export class SolveFailed extends Error {
  override name = 'SolveFailed';
}

export interface PoolOptions {
  /** worker threads; 0 = solve in the calling thread */
  threads?: number;
  /** per-task time limit */
  timeLimitMs?: number;
  engine?: EngineName;
  /** solves the repair search of one recommendation may take (PlanOptions.repairsBudget) */
  repairsBudget?: number;
}

/** What a task is about: the inputs by hash, with their snapshot (keyed by snapshotKey) on demand. */
export interface SolveInputs {
  depotHash: string;
  hclHash: string;
  snapshot: () => Uint8Array;
}

export interface SolveExtras {
  limit?: number;
  offset?: number;
  testHooks?: SolveTask['testHooks'];
  timeLimitMs?: number;
}

export function workerFile(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/service/worker.js', here) : new URL('./worker.js', here);
  return fileURLToPath(url);
}

export class SolverPool {
  private readonly piscina: Piscina | undefined;
  private readonly timeLimitMs: number;
  private readonly engine: EngineName | undefined;
  private readonly repairsBudget: number | undefined;
  private inline: Promise<typeof import('./worker.js')> | undefined;
  /** counters, for tests and /api/stats */
  readonly stats = { tasks: 0, missing: 0, retries: 0, timeouts: 0, crashes: 0 };

  constructor(opts: PoolOptions = {}) {
    const threads = opts.threads ?? 2;
    this.timeLimitMs = opts.timeLimitMs ?? 60_000;
    this.engine = opts.engine;
    this.repairsBudget = opts.repairsBudget;
    if (threads > 0) {
      this.piscina = new Piscina({
        filename: workerFile(),
        minThreads: threads,
        maxThreads: threads,
        // Threads stay alive: their warm catalogs are the point of the pool.
        idleTimeout: Number.MAX_SAFE_INTEGER,
        execArgv: compiledWorkerArgv(),
      });
    }
  }

  get threaded(): boolean {
    return this.piscina !== undefined;
  }

  async run(kind: TaskKind, inputs: SolveInputs, clusterJson: string, extras: SolveExtras = {}): Promise<unknown> {
    this.stats.tasks++;
    const task: SolveTask = { kind, depotHash: inputs.depotHash, hclHash: inputs.hclHash, cluster: clusterJson };
    if (this.engine) task.engine = this.engine;
    if (this.repairsBudget !== undefined) task.repairsBudget = this.repairsBudget;
    if (extras.limit !== undefined) task.limit = extras.limit;
    if (extras.offset !== undefined) task.offset = extras.offset;
    if (extras.testHooks) task.testHooks = extras.testHooks;
    const limit = extras.timeLimitMs ?? this.timeLimitMs;

    let reply = await this.dispatch(task, limit);
    if (reply.status === 'missing') {
      this.stats.missing++;
      reply = await this.dispatch({ ...task, snapshot: inputs.snapshot() }, limit);
    }
    if (reply.status === 'ok') return reply.result;
    if (reply.status === 'error') throw new SolveFailed(reply.message);
    throw new SolveFailed('the worker lost the catalog it was just sent');
  }

  /** One task on one thread, retried once if the thread dies. */
  private async dispatch(task: SolveTask, limitMs: number): Promise<SolveReply> {
    if (!this.piscina) {
      this.inline ??= import('./worker.js');
      const { testHooks: _ignored, ...rest } = task; // hooks would crash or stall the caller itself
      return (await this.inline).runTask(rest);
    }
    try {
      return await this.once(task, limitMs);
    } catch (err) {
      if (err instanceof SolveTimeout) throw err;
      this.stats.retries++;
      try {
        return await this.once(task, limitMs);
      } catch (again) {
        if (again instanceof SolveTimeout) throw again;
        this.stats.crashes++;
        throw new WorkerCrashed(again);
      }
    }
  }

  private async once(task: SolveTask, limitMs: number): Promise<SolveReply> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new SolveTimeout(limitMs)), limitMs);
    try {
      return (await this.piscina!.run(task, { signal: ac.signal })) as SolveReply;
    } catch (err) {
      if (ac.signal.aborted) {
        this.stats.timeouts++;
        throw new SolveTimeout(limitMs);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
