// "Did you mean" for a mistyped name: the known name a few edits away.

/** Edits (insert, delete, replace, swap of neighbours) from `a` to `b`, or more than `max` once it is sure to be. */
function edits(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // optimal string alignment: three rows of the table suffice
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + same);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The one name of `known` closest to `word`, at most `max` edits away (default: 2, or 1 for
 * names of up to 4 letters); undefined when none is, or when two are as close.
 */
export function closestName(word: string, known: readonly string[], max = word.length <= 4 ? 1 : 2): string | undefined {
  let found: string | undefined;
  let least = max + 1;
  let tie = false;
  for (const k of known) {
    const d = edits(word, k, max);
    if (d < least) {
      least = d;
      found = k;
      tie = false;
    } else if (d === least) tie = true;
  }
  return found !== undefined && !tie ? found : undefined;
}
