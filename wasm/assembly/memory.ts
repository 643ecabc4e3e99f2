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
  if (p == 0 || bytes == 0) return;
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
  const o = <usize>S.varCap;
  const nc = <usize>c;
  S.vals = grow(S.vals, o * 2, nc * 2, 0);
  S.occurs = grow(S.occurs, o * 2, nc * 2, 0);
  S.wsTab = grow(S.wsTab, o * 32, nc * 32, 0);
  S.levelArr = grow(S.levelArr, o * 4, nc * 4, 0);
  S.reasonArr = grow(S.reasonArr, o * 4, nc * 4, 0xff);
  S.activity = grow(S.activity, o * 8, nc * 8, 0);
  S.heapArr = grow(S.heapArr, o * 4, nc * 4, 0);
  S.heapIdx = grow(S.heapIdx, o * 4, nc * 4, 0xff);
  S.phase = grow(S.phase, o, nc, 1);
  S.best = grow(S.best, o, nc, 1);
  S.seen = grow(S.seen, o, nc, 0);
  S.prioIdx = grow(S.prioIdx, o * 4, nc * 4, 0xff);
  S.trail = grow(S.trail, o * 4, nc * 4, 0);
  S.trailLim = grow(S.trailLim, (o + 1) * 4, (nc + 1) * 4, 0);
  S.model = grow(S.model, o, nc, 0);
  S.learntBuf = grow(S.learntBuf, (o + 1) * 4, (nc + 1) * 4, 0);
  S.stack = grow(S.stack, o * 4, nc * 4, 0);
  S.toClear = grow(S.toClear, o * 4, nc * 4, 0);
  S.levelStamp = grow(S.levelStamp, (o + 2) * 4, (nc + 2) * 4, 0);
  S.varCap = c;
}

/** The capacity for n entries, doubling from `cap` (or from `first` when there is none yet). */
@inline export function capFor(cap: i32, n: i32, first: i32): i32 {
  let c = cap == 0 ? first : cap;
  while (c < n) c <<= 1;
  return c;
}
