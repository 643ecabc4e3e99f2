// Snapshots kept to be copied, keyed by what they were made from: a key is first only
// remembered, and the second asker makes the snapshot, so callers whose keys all differ pay
// nothing; at most `max` are kept, the least recently used disposed of first.
export class KeptSnapshots<T> {
  private readonly snapshots = new Map<string, Promise<T>>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    /** keys remembered before the oldest are forgotten */
    private readonly maxSeen: number,
    private readonly dispose: (t: T) => void,
  ) {}

  /**
   * The snapshot kept for `key` (now the most recently used); else 'first' when the key is new
   * (remembered now), 'again' when it was asked before and is worth keeping.
   */
  lookup(key: string): Promise<T> | 'first' | 'again' {
    const kept = this.snapshots.get(key);
    if (kept) {
      this.snapshots.delete(key);
      this.snapshots.set(key, kept);
      return kept;
    }
    if (this.seen.has(key)) return 'again';
    this.seen.add(key);
    if (this.seen.size > this.maxSeen) this.seen.delete(this.seen.values().next().value!);
    return 'first';
  }

  /** The snapshot kept for `key` without touching its use order. */
  peek(key: string): Promise<T> | undefined {
    return this.snapshots.get(key);
  }

  /** Keeps what `make` makes under `key` (replacing and disposing of any kept one), dropping it if it fails. */
  keep(key: string, make: () => Promise<T>): Promise<T> {
    const snapshot = make();
    const old = this.snapshots.get(key);
    if (old) this.release(old);
    this.snapshots.delete(key);
    this.snapshots.set(key, snapshot);
    snapshot.catch(() => {
      if (this.snapshots.get(key) === snapshot) this.snapshots.delete(key);
    });
    while (this.snapshots.size > this.max) {
      const [oldest, t] = this.snapshots.entries().next().value!;
      this.snapshots.delete(oldest);
      this.release(t);
    }
    return snapshot;
  }

  /** Disposes of every kept snapshot and forgets them. */
  clear(): void {
    for (const t of this.snapshots.values()) this.release(t);
    this.snapshots.clear();
    this.seen.clear();
  }

  private release(t: Promise<T>): void {
    void t.then(this.dispose, () => {});
  }
}
