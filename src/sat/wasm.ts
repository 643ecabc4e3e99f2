// The WebAssembly CDCL engine (wasm/assembly/*.ts, built to build/strata-sat.wasm).
//
// It is lexicographic: decisions follow the priority list, so the first model found is the
// lexicographically greatest one under that list among the models consistent with the
// assumptions. Clauses, assumptions and priorities cross into the module through one shared
// Int32Array view of its linear memory (refreshed whenever memory has grown).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Lit, SatEngine } from './engine.js';

/** Both src/sat/wasm.ts (vitest) and dist/sat/wasm.js sit two levels below the repo root. */
const WASM_URL = new URL('../../build/strata-sat.wasm', import.meta.url);

// The compiler options (lib ES2022, no DOM) carry no WebAssembly typings: the few used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  compile(bytes: Uint8Array): Promise<WasmModule>;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Exports {
  memory: WasmMemory;
  newVar(): number;
  ensureVars(n: number): number;
  inputBuffer(n: number): number;
  addClause(n: number): number;
  addClauses(total: number): number;
  setPriority(n: number): void;
  pack(): void;
  solve(n: number, cut: number, relax: number): number;
  modelFirstFalse(): number;
  setConflictBudget(b: number): void;
  modelPtr(): number;
  failedPtr(): number;
  failedCount(): number;
  varCount(): number;
  clauseCount(): number;
  learntCount(): number;
  isOk(): number;
  statConflicts(): number;
  statDecisions(): number;
  statPropagations(): number;
  heapUsed(): number;
  allocBytes(n: number): number;
  freeBytes(p: number, n: number): void;
  readDimacs(p: number, n: number): number;
  dimacsClauseCount(): number;
}

let compiled: WasmModule | undefined;

function missing(err: unknown): Error {
  const e = new Error(
    `strata: cannot load the SAT engine ${WASM_URL.pathname} (${(err as Error).message}); ` +
      'build it with: npx asc wasm/assembly/index.ts --config wasm/asconfig.json --target release',
  );
  return e;
}

function moduleSync(): WasmModule {
  if (!compiled) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(WASM_URL);
    } catch (err) {
      throw missing(err);
    }
    compiled = new WA.Module(bytes);
  }
  return compiled;
}

async function moduleAsync(): Promise<WasmModule> {
  if (!compiled) {
    let bytes: Buffer;
    try {
      bytes = await readFile(WASM_URL);
    } catch (err) {
      throw missing(err);
    }
    compiled ??= await WA.compile(bytes);
  }
  return compiled;
}

function instantiate(): Exports {
  const instance = new WA.Instance(moduleSync(), {
    env: {
      abort() {
        throw new Error('strata-sat: abort');
      },
    },
  });
  return instance.exports as unknown as Exports;
}

export interface WasmEngineStats {
  conflicts: number;
  decisions: number;
  propagations: number;
  clauses: number;
  learnts: number;
  /** bytes of linear memory */
  memoryBytes: number;
}

export class WasmSatEngine implements SatEngine {
  readonly name = 'wasm';
  readonly lexicographic = true;

  private ex: Exports | undefined;
  private buffer: ArrayBuffer | undefined;
  private i32: Int32Array = new Int32Array(0);
  private vars = 0;
  private result: boolean | undefined;
  private model: Uint8Array | undefined;
  private modelBuffer: Uint8Array | undefined;
  private failed: Lit[] = [];
  /**
   * Clauses added and not yet handed to the module, each ended by 0: an encoding adds thousands
   * of small clauses, and one call per clause (plus its copy) cost more than the clauses
   * themselves. Handed over in one addClauses call before anything reads the clauses.
   */
  private pending: Int32Array;
  private pendingLength = 0;

  /** @internal use createWasmEngine / createWasmEngineSync; `pending`: a released engine's buffer */
  constructor(ex: Exports, pending?: Int32Array) {
    this.ex = ex;
    this.vars = ex.varCount();
    this.pending = pending ?? new Int32Array(4096);
  }

  private get x(): Exports {
    if (!this.ex) throw new Error('wasm SAT engine used after dispose()');
    return this.ex;
  }

  private view(): Int32Array {
    const buf = this.x.memory.buffer;
    if (buf !== this.buffer) {
      this.buffer = buf;
      this.i32 = new Int32Array(buf);
    }
    return this.i32;
  }

  /** Throws unless every literal is ±v for a variable made by newVar(). */
  private check(lits: ArrayLike<Lit>, what: string): void {
    const max = this.vars;
    for (let i = 0; i < lits.length; i++) {
      const l = lits[i]!;
      // (l | 0) !== l: not an integer (or beyond int32, which no variable number reaches)
      if (l === 0 || l > max || l < -max || (l | 0) !== l) {
        throw new RangeError(`${what}: literal ${l} is not ±v for a variable 1..${this.vars} made by newVar()`);
      }
    }
  }

  /** Copies literals into the module's input buffer after checking them. */
  private put(lits: ArrayLike<Lit>, what: string): number {
    const n = lits.length;
    this.check(lits, what);
    const ptr = this.x.inputBuffer(n);
    const view = this.view();
    view.set(lits as ArrayLike<number>, ptr >>> 2);
    return n;
  }

  get numVars(): number {
    return this.vars;
  }

  newVar(): number {
    this.vars = this.x.newVar();
    return this.vars;
  }

  /** Creates variables until there are n (a bulk newVar). */
  ensureVars(n: number): void {
    this.vars = this.x.ensureVars(n);
  }

  addClause(lits: ArrayLike<Lit>): void {
    const n = lits.length;
    this.check(lits, 'addClause');
    if (this.pendingLength + n + 1 > this.pending.length) {
      const grown = new Int32Array(Math.max(2 * this.pending.length, this.pendingLength + n + 1));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    const p = this.pending;
    let at = this.pendingLength;
    for (let i = 0; i < n; i++) p[at++] = lits[i]!;
    p[at++] = 0;
    this.pendingLength = at;
    this.result = undefined;
  }

  /** Hands the pending clauses to the module (in the order they were added). */
  private flush(): void {
    if (this.pendingLength === 0) return;
    const n = this.pendingLength;
    this.pendingLength = 0;
    const ptr = this.x.inputBuffer(n);
    this.view().set(this.pending.subarray(0, n), ptr >>> 2);
    this.x.addClauses(n);
  }

  /**
   * Adds many clauses at once: `lits` holds the clauses one after another, each ended by 0
   * (DIMACS order). Faster than addClause for large encodings.
   */
  addClauses(lits: Int32Array): void {
    if (lits.length === 0) return;
    if (lits[lits.length - 1] !== 0) throw new RangeError('addClauses: the last clause is not ended by 0');
    this.flush();
    const max = this.vars;
    for (let i = 0; i < lits.length; i++) {
      const l = lits[i]!;
      if (l > max || -l > max) throw new RangeError(`addClauses: literal ${l} is not ±v for a variable 1..${max} made by newVar()`);
    }
    const ptr = this.x.inputBuffer(lits.length);
    this.view().set(lits, ptr >>> 2);
    this.x.addClauses(lits.length);
    this.result = undefined;
  }

  /**
   * Reads DIMACS CNF bytes inside the module and adds its variables and clauses: no JS array of
   * literals, no interpreted JS parse on a cold start. The number of clauses read, or null when
   * the bytes are not well-formed DIMACS (parseDimacs of src/sat/dimacs.ts then says why; the
   * engine may hold part of the file and is best disposed of).
   */
  readDimacs(bytes: Uint8Array): number | null {
    this.flush();
    const x = this.x;
    const ptr = x.allocBytes(bytes.length);
    new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
    const stop = x.readDimacs(ptr, bytes.length);
    x.freeBytes(ptr, bytes.length);
    this.vars = x.varCount();
    this.result = undefined;
    return stop === 0 ? x.dimacsClauseCount() : null;
  }

  setPriority(lits: ArrayLike<Lit>): void {
    const n = this.put(lits, 'setPriority');
    this.x.setPriority(n);
  }

  /** Stops a solve after this many more conflicts (solve then throws); undefined for no limit. */
  setConflictBudget(conflicts: number | undefined): void {
    this.x.setConflictBudget(conflicts === undefined ? -1 : this.x.statConflicts() + conflicts);
  }

  solve(assumptions: ArrayLike<Lit> = []): boolean {
    return this.solveCut(assumptions, 0, 0);
  }

  solveRelaxed(assumptions: ArrayLike<Lit>, count: number): boolean {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`solveRelaxed: count ${count} is not an integer >= 0`);
    return this.solveCut(assumptions, count, 1);
  }

  solveToFirstFalse(assumptions: ArrayLike<Lit>, cut: number): number {
    if (!Number.isInteger(cut) || cut < 0) throw new RangeError(`solveToFirstFalse: cut ${cut} is not an integer >= 0`);
    if (!this.solveCut(assumptions, cut, 0)) return -1;
    const i = this.x.modelFirstFalse();
    return i < 0 ? cut : i;
  }

  /**
   * A solve, lexicographic up to the first false one of the first `cut` priority literals (0: all),
   * or with `relax`, those decided false.
   */
  private solveCut(assumptions: ArrayLike<Lit>, cut: number, relax: number): boolean {
    this.flush();
    const n = this.put(assumptions, 'solve');
    const r = this.x.solve(n, cut, relax);
    this.model = undefined;
    this.failed = [];
    if (r < 0) {
      this.result = undefined;
      throw new Error('wasm SAT engine: conflict budget exhausted');
    }
    this.result = r === 1;
    if (this.result) {
      const ptr = this.x.modelPtr();
      // copied into one buffer per engine (valid until the next solve) instead of a new array per solve
      if (!this.modelBuffer || this.modelBuffer.length < this.vars)
        this.modelBuffer = new Uint8Array(Math.max(this.vars, 2 * (this.modelBuffer?.length ?? 0)));
      this.modelBuffer.set(new Uint8Array(this.x.memory.buffer, ptr, this.vars));
      this.model = this.modelBuffer.subarray(0, this.vars);
    } else {
      const count = this.x.failedCount();
      const ptr = this.x.failedPtr() >>> 2;
      this.failed = Array.from(this.view().subarray(ptr, ptr + count));
    }
    return this.result;
  }

  modelValue(v: number): boolean {
    if (this.result !== true || !this.model) throw new Error('modelValue() needs a satisfiable solve() first');
    if (!Number.isInteger(v) || v < 1 || v > this.model.length) throw new RangeError(`modelValue: no variable ${v}`);
    return this.model[v - 1] === 1;
  }

  /** The whole model as DIMACS literals (v or -v for v = 1..numVars). */
  modelLits(): Int32Array {
    if (this.result !== true || !this.model) throw new Error('modelLits() needs a satisfiable solve() first');
    const out = new Int32Array(this.model.length);
    for (let i = 0; i < out.length; i++) out[i] = this.model[i] === 1 ? i + 1 : -(i + 1);
    return out;
  }

  failedAssumptions(): Lit[] {
    if (this.result !== false) throw new Error('failedAssumptions() needs an unsatisfiable solve() first');
    return [...this.failed];
  }

  stats(): WasmEngineStats {
    this.flush();
    const ex = this.x;
    return {
      conflicts: ex.statConflicts(),
      decisions: ex.statDecisions(),
      propagations: ex.statPropagations(),
      clauses: ex.clauseCount(),
      learnts: ex.learntCount(),
      memoryBytes: ex.memory.buffer.byteLength,
    };
  }

  pack(): void {
    this.flush();
    this.x.pack();
  }

  clone(): WasmSatEngine {
    return wasmEngineFrom(this.state());
  }

  /**
   * The engine's whole state as bytes: all of it lives in linear memory below the allocator's top
   * (static data with the state block, then the heap). A view, valid until the engine changes.
   */
  state(): Uint8Array {
    this.flush();
    return stateOf(this.x);
  }

  dispose(): void {
    if (this.ex) release(this.ex, this.pending);
    this.ex = undefined;
    this.pending = new Int32Array(0); // the buffer is another engine's now
    this.pendingLength = 0;
    this.buffer = undefined;
    this.i32 = new Int32Array(0);
    this.model = undefined;
    this.modelBuffer = undefined;
  }
}

/** An instance's memory up to its allocator's top: all of its engine's state. */
function stateOf(ex: Exports): Uint8Array {
  const used = Math.min(ex.memory.buffer.byteLength, Math.max(ex.heapUsed(), 65536));
  return new Uint8Array(ex.memory.buffer, 0, used);
}

/**
 * Instances of disposed engines, each with the end of the memory it used, for wasmEngineFrom to
 * reuse: a plan copies two engines and disposes of them after a few milliseconds, and a new
 * instance (with its memory grown to size) cost more than the copy itself. Bounded in bytes.
 * Eight: a recommendation with repair plans has more than four engines alive at once (the plan's
 * two, the repair encoding, one copy per base image searched, verification plans), and with four
 * kept a third of its time went to new instances and growing their memory.
 */
const released: { ex: Exports; used: number; pending: Int32Array | undefined }[] = [];
let releasedBytes = 0;
const MAX_RELEASED = 8;
const MAX_RELEASED_BYTES = 64 * 2 ** 20;
/** Clause buffers longer than this (an encoding's worth) are not kept with their instance. */
const MAX_KEPT_PENDING = 1 << 16;

function release(ex: Exports, pending: Int32Array): void {
  const size = ex.memory.buffer.byteLength;
  if (released.length >= MAX_RELEASED || releasedBytes + size > MAX_RELEASED_BYTES) return;
  // its clause buffer too: a new one per copy was a 16 KB allocation of external memory each
  released.push({ ex, used: stateOf(ex).length, pending: pending.length <= MAX_KEPT_PENDING ? pending : undefined });
  releasedBytes += size;
}

/** An engine in the state `bytes` (from state(), perhaps of an engine in another thread). */
export function wasmEngineFrom(bytes: Uint8Array): WasmSatEngine {
  const reused = released.pop();
  let ex: Exports;
  if (reused) {
    ex = reused.ex;
    releasedBytes -= ex.memory.buffer.byteLength;
  } else ex = instantiate();
  const have = ex.memory.buffer.byteLength;
  if (bytes.length > have) ex.memory.grow(Math.ceil((bytes.length - have) / 65536));
  const memory = new Uint8Array(ex.memory.buffer);
  memory.set(bytes);
  // all state lives below the allocator's top and a fresh instance's memory is zero above it:
  // a reused one is made so too, up to where its last engine reached
  if (reused && reused.used > bytes.length) memory.fill(0, bytes.length, reused.used);
  return new WasmSatEngine(ex, reused?.pending);
}

/** A new, empty engine (compiles the module once, then instantiates synchronously). */
export async function createWasmEngine(): Promise<WasmSatEngine> {
  await moduleAsync();
  return createWasmEngineSync();
}

/**
 * The same, synchronously (compiles the module on first use with new WebAssembly.Module). A
 * released instance is reused when there is one, set back to a fresh instance's memory: each new
 * instance's memory counts as external memory, and a fleet's worker making two per cluster had V8
 * start a full marking of its heap (the loaded depot) every few dozen clusters.
 */
export function createWasmEngineSync(): WasmSatEngine {
  if (released.length === 0) return new WasmSatEngine(instantiate());
  return wasmEngineFrom((pristine ??= stateOf(instantiate()).slice()));
}

/** A fresh instance's memory below its allocator's top (the state an empty engine starts from). */
let pristine: Uint8Array | undefined;
