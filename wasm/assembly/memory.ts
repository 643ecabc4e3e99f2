// Linear-memory allocation. Runtime "stub": no managed objects are ever allocated; every array
// is a raw block from this power-of-two allocator with one free list per size class. Memory is
// never returned to the host, and the allocator's top lives in the state block, so copying
// linear memory clones the heap too. The per-variable arrays grow together here (doubling),
// which keeps every hot lookup a single indexed load.
import { S } from './state';

const FREE_LISTS: usize = memory.data(64 * 4, 16);

function ensureMemory(end: usize): void {
  const have = (<usize>memory.size()) << 16;
  if (end <= have) return;
  const need = <i32>((end - have + 0xffff) >> 16);
  let delta = memory.size() >> 3;
  if (delta < need) delta = need;
  if (memory.grow(delta) < 0) {
    if (memory.grow(need) < 0) unreachable();
  }
}

@inline function sizeClass(bytes: usize): usize {
  return bytes <= 16 ? 4 : <usize>(32 - clz<u32>(<u32>(bytes - 1)));
}

export function alloc(bytes: usize): usize {
  const k = sizeClass(bytes);
  const slot = FREE_LISTS + (k << 2);
  const head = load<usize>(slot);
  if (head != 0) {
    store<usize>(slot, load<usize>(head));
    return head;
  }
  if (S.heapTop == 0) S.heapTop = (__heap_base + 15) & ~(<usize>15);
  const p = S.heapTop;
  const end = p + ((<usize>1) << k);
  ensureMemory(end);
  S.heapTop = end;
  return p;
}

export function free(p: usize, bytes: usize): void {
  // a packed block is exactly as large as its contents, not its size class: never reused
  if (p == 0 || bytes == 0 || p < S.packedEnd) return;
  const slot = FREE_LISTS + (sizeClass(bytes) << 2);
  store<usize>(p, load<usize>(slot));
  store<usize>(slot, p);
}

/** A bigger block holding the old contents; the tail is filled with the byte `fill`. */
export function grow(p: usize, oldBytes: usize, newBytes: usize, fill: u8): usize {
  const np = alloc(newBytes);
  if (oldBytes != 0) memory.copy(np, p, oldBytes);
  memory.fill(np + oldBytes, fill, newBytes - oldBytes);
  free(p, oldBytes);
  return np;
}

/** Room for n variables in every per-variable and per-literal array. */
export function ensureVarCap(n: i32): void {
  if (n <= S.varCap) return;
  let c = S.varCap == 0 ? 64 : S.varCap;
  while (c < n) c <<= 1;
  resizeVarArrays(<usize>S.varCap, <usize>c, false);
  S.varCap = c;
}

/**
 * Every per-variable and per-literal array, for nc variables instead of o: grown, or placed for
 * packing (see below); either way the entries past o hold each array's fill.
 */
export function resizeVarArrays(o: usize, nc: usize, packing: bool): void {
  S.vals = resize(S.vals, o * 2, nc * 2, 0, packing);
  S.occurs = resize(S.occurs, o * 2, nc * 2, 0, packing);
  S.wsTab = resize(S.wsTab, o * 32, nc * 32, 0, packing);
  S.levelArr = resize(S.levelArr, o * 4, nc * 4, 0, packing);
  S.reasonArr = resize(S.reasonArr, o * 4, nc * 4, 0xff, packing);
  S.activity = resize(S.activity, o * 8, nc * 8, 0, packing);
  S.heapArr = resize(S.heapArr, o * 4, nc * 4, 0, packing);
  S.heapIdx = resize(S.heapIdx, o * 4, nc * 4, 0xff, packing);
  S.phase = resize(S.phase, o, nc, 1, packing);
  S.best = resize(S.best, o, nc, 1, packing);
  S.seen = resize(S.seen, o, nc, 0, packing);
  S.prioIdx = resize(S.prioIdx, o * 4, nc * 4, 0xff, packing);
  S.trail = resize(S.trail, o * 4, nc * 4, 0, packing);
  S.trailLim = resize(S.trailLim, (o + 1) * 4, (nc + 1) * 4, 0, packing);
  S.model = resize(S.model, o, nc, 0, packing);
  S.learntBuf = resize(S.learntBuf, (o + 1) * 4, (nc + 1) * 4, 0, packing);
  S.stack = resize(S.stack, o * 4, nc * 4, 0, packing);
  S.toClear = resize(S.toClear, o * 4, nc * 4, 0, packing);
  S.levelStamp = resize(S.levelStamp, (o + 2) * 4, (nc + 2) * 4, 0, packing);
}

@inline function resize(p: usize, oldBytes: usize, newBytes: usize, fill: u8, packing: bool): usize {
  return packing ? place(p, min(oldBytes, newBytes), newBytes, fill) : grow(p, oldBytes, newBytes, fill);
}

// ---------------------------------------------------------------------------------------------
// Packing. An engine copied many times (a depot encoded once, cloned per cluster) is first laid
// out afresh: every block holds its contents and little more, in one run from the heap's start,
// so a copy moves a third of the bytes and the solver's arrays sit close together. The blocks
// are copied one after another above the allocator's top (the stage), then the stage is moved
// down to the heap's start; place() returns each block's address after that move.

/** Starts a packing: the stage begins above everything allocated. */
export function packBegin(): void {
  const base = (__heap_base + 15) & ~(<usize>15);
  const stage = (S.heapTop + 15) & ~(<usize>15);
  S.stageTop = stage;
  S.stageShift = stage - base;
}

/**
 * Copies `copyBytes` of the block at p into the stage, filled with `fill` up to `bytes` (zeros
 * past that): its address once packed.
 */
export function place(p: usize, copyBytes: usize, bytes: usize, fill: u8 = 0): usize {
  const q = S.stageTop;
  const size = (bytes + 15) & ~(<usize>15);
  ensureMemory(q + size);
  if (copyBytes != 0) memory.copy(q, p, copyBytes);
  memory.fill(q + copyBytes, fill, bytes - copyBytes);
  memory.fill(q + bytes, 0, size - bytes);
  S.stageTop = q + size;
  return q - S.stageShift;
}

/** Ends a packing: the stage moved down, the allocator's top after it, every free list empty. */
export function packEnd(): void {
  const base = (__heap_base + 15) & ~(<usize>15);
  const stage = base + S.stageShift;
  const top = S.stageTop - S.stageShift;
  memory.copy(base, stage, top - base);
  // zero above the top, as in a fresh instance
  memory.fill(top, 0, S.stageTop - top);
  memory.fill(FREE_LISTS, 0, 64 * 4);
  S.heapTop = top;
  S.packedEnd = top;
  S.stageTop = 0;
  S.stageShift = 0;
}

/** The capacity for n entries, doubling from `cap` (or from `first` when there is none yet). */
@inline export function capFor(cap: i32, n: i32, first: i32): i32 {
  let c = cap == 0 ? first : cap;
  while (c < n) c <<= 1;
  return c;
}
