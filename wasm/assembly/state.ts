// The engine's one state block. Every mutable scalar (sizes, counters, pointers to the arrays
// in linear memory) is a field of State, and State lives at a fixed address in linear memory,
// never in wasm globals. Cloning an engine is then copying linear memory into a fresh instance:
// there is no list of slots to keep in step with the fields, so a new field cannot be forgotten.
// Hot loops copy the fields they need into locals (see propagate.ts); everywhere else `S.x`
// is one load from a constant address.
//
// Literals: internal lit = 2*v + sign, v 0-based; the JS side speaks DIMACS ints.

@unmanaged
export class State {
  /** The allocator's top (memory.ts); 0 until the first allocation. */
  heapTop: usize;
  ok: i32;
  numVars: i32;
  varCap: i32;

  // per literal
  vals: usize; // i8: 1 true, -1 false, 0 unassigned
  occurs: usize; // u8: 1 once the literal is in a clause (learnt clauses only hold literals of clauses)
  wsTab: usize; // 16 bytes per literal: [ptr, size, cap, -]
  // per variable
  levelArr: usize; // i32
  reasonArr: usize; // i32 cref or -1
  activity: usize; // f64
  heapArr: usize; // i32 var
  heapIdx: usize; // i32 position or -1
  phase: usize; // u8 saved sign (1 = negative)
  best: usize; // u8 sign in the longest conflict-free trail since the last restart (plain solves)
  seen: usize; // u8
  prioIdx: usize; // i32 first index in the priority list or -1
  trail: usize; // i32 lits
  trailLim: usize; // i32 (cap + 1)
  model: usize; // u8
  learntBuf: usize; // i32 (cap + 1)
  stack: usize; // i32
  toClear: usize; // i32
  levelStamp: usize; // i32 (cap + 2)

  trailSize: i32;
  qhead: i32;
  levels: i32; // decision level = number of trailLim entries
  heapSize: i32;
  stampCounter: i32;
  varInc: f64;

  // clause arena
  arena: usize;
  arenaSize: i32; // words in use
  arenaCap: i32;
  wasted: i32;
  numOriginal: i32;

  // learnt clause list
  learnts: usize;
  learntsSize: i32;
  learntsCap: i32;

  // input buffer (JS writes DIMACS ints here)
  inBuf: usize;
  inCap: i32;

  // assumptions / priority (internal lits) / failed assumptions (DIMACS)
  assumps: usize;
  numAssumps: i32;
  assumpsCap: i32;
  prio: usize;
  prioSize: i32;
  prioCap: i32;
  prioNext: i32;
  failed: usize;
  failedSize: i32;
  failedCap: i32;

  // the last readDimacs: the header's counts and the clauses read
  dimacsVars: i32;
  dimacsDeclared: i32;
  dimacsClauses: i32;
  dimacsSize: i32; // literals of the clause being read, in inBuf

  // analysis outputs
  learntSize: i32;
  btLevel: i32;
  learntLbd: i32;
  toClearSize: i32;

  // search control and statistics
  conflicts: i64;
  decisions: i64;
  propagations: i64;
  nextReduce: i64;
  reduceCount: i32;
  simpTrail: i32;
  simpProps: i64;
  conflictBudget: i64;
  bestTrail: i32; // the length of that trail
  // a solve lexicographic only up to the first false priority literal (search.ts, pickBranch)
  prioCut: i32; // the first prioCut entries of the priority list are watched; 0: a full lexicographic solve
  firstFalse: i32; // the least index below prioNext and prioCut whose literal is false, or i32.MAX_VALUE (-1: relax all)
  modelFirstFalse: i32; // firstFalse when the last model was found
  relaxFrom: i32; // from pickBranch to relaxRest: where the entries to set false with its decision begin; else -1

  // packing (memory.ts): blocks below packedEnd were laid out by pack() and are never recycled;
  // while pack() runs, where its next block goes and how far below that it ends up
  packedEnd: usize;
  stageTop: usize;
  stageShift: usize;
}

export const S = changetype<State>(memory.data(offsetof<State>(), 16));

// Static data starts zeroed; the fields whose start value is not 0. A clone's copy of linear
// memory overwrites these.
S.ok = 1;
S.varInc = 1.0;
S.nextReduce = 2000;
S.simpTrail = -1;
S.conflictBudget = -1;
S.firstFalse = i32.MAX_VALUE;
S.relaxFrom = -1;

/**
 * Clause header words: [size, flags | lbd << 2, spare]. The spare word is where propagate last
 * found a watch (input clauses), and garbage collection's forward address while it runs.
 */
export const HDR: i32 = 3;
export const F_LEARNT: i32 = 1;
export const F_DELETED: i32 = 2;

// Small accessors.
@inline export function ldi(base: usize, i: i32): i32 { return load<i32>(base + ((<usize>i) << 2)); }
@inline export function sti(base: usize, i: i32, x: i32): void { store<i32>(base + ((<usize>i) << 2), x); }
@inline export function val(l: i32): i32 { return <i32>load<i8>(S.vals + <usize>l); }
@inline export function cptr(cr: i32): usize { return S.arena + ((<usize>cr) << 2); }
@inline export function csize(cr: i32): i32 { return load<i32>(cptr(cr)); }
@inline export function cflags(cr: i32): i32 { return load<i32>(cptr(cr), 4); }
@inline export function clit(cr: i32, k: i32): i32 { return load<i32>(cptr(cr) + ((<usize>(k + HDR)) << 2)); }
@inline export function level(v: i32): i32 { return ldi(S.levelArr, v); }
@inline export function reason(v: i32): i32 { return ldi(S.reasonArr, v); }
@inline export function act(v: i32): f64 { return load<f64>(S.activity + ((<usize>v) << 3)); }
@inline export function isSeen(v: i32): bool { return load<u8>(S.seen + <usize>v) != 0; }
@inline export function setSeen(v: i32, s: u8): void { store<u8>(S.seen + <usize>v, s); }

@inline export function fromDimacs(d: i32): i32 { return d > 0 ? (d - 1) << 1 : ((-d - 1) << 1) | 1; }
@inline export function toDimacs(l: i32): i32 { const v = (l >> 1) + 1; return (l & 1) != 0 ? -v : v; }
