// A depot's components by name, oldest first. Each name's list is sorted, and its versions keyed,
// when that name is first asked: a plan asks a small part of a depot's names (129 of 500 on the
// bench's vendor depot), and parsing every version while indexing was most of a fresh catalog's
// cost and garbage.
import type { Component } from '../model/types.js';
import { sortByVersion, versionKey } from '../version/version.js';

interface Versions {
  list: Component[];
  /** each version's versionKey, alongside `list`; undefined until the name is first asked */
  keys: string[] | undefined;
}

export class ComponentsByName {
  private readonly byName = new Map<string, Versions>();

  add(c: Component): void {
    const v = this.byName.get(c.name);
    if (v) {
      v.list.push(c);
      v.keys = undefined; // sorted again when next asked
    } else this.byName.set(c.name, { list: [c], keys: undefined });
  }

  /** The components named `name`, oldest first. */
  get(name: string): Component[] | undefined {
    const v = this.byName.get(name);
    if (v && !v.keys) sort(v);
    return v?.list;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get size(): number {
    return this.byName.size;
  }

  /** The component `name` at the version of this versionKey (the last one listed of equal keys). */
  byKey(name: string, key: string): Component | undefined {
    const v = this.byName.get(name);
    if (!v) return undefined;
    const keys = v.keys ?? sort(v);
    const at = keys.lastIndexOf(key);
    return at < 0 ? undefined : v.list[at];
  }
}

/** Sorts a list in place (sortByVersion) and keys it. */
function sort(v: Versions): string[] {
  sortByVersion(v.list);
  return (v.keys = v.list.map((c) => versionKey(c.version)));
}
