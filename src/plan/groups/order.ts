// Which of two valid groupings with the same number of groups has the newer images
// (docs/semantics.md, "Image groups"). A group's image is judged by its base image, then its
// add-on, then its package, in the order of SPEC-style ranking (newest first, "none" last); a
// grouping's images are compared from its oldest group image to its newest, so the grouping whose
// oldest image is newest wins, ties going to the next oldest.
import type { Image } from '../../model/types.js';
import { compareVersions } from '../../version/version.js';
import { cmpStr } from '../space.js';

/** The parts of an image a grouping is judged by. */
export interface ImageKey {
  base: string;
  addOn: { name: string; version: string } | null;
  pkg: { manager: string; pkg: string; version: string } | null;
}

export function imageKey(image: Image): ImageKey {
  const pkg = Object.entries(image.hardware_support?.packages ?? {})[0];
  return {
    base: image.base_image.version,
    addOn: image.add_on,
    pkg: pkg ? { manager: pkg[0], pkg: pkg[1].pkg, version: pkg[1].version } : null,
  };
}

/** Negative when `a` ranks before (is newer than) `b`, as SPEC §3.4 ranks combinations. */
export function compareKeys(a: ImageKey, b: ImageKey): number {
  const base = compareVersions(b.base, a.base);
  if (base) return base;
  const addOn = compareNullable(a.addOn, b.addOn, (x, y) => compareVersions(y.version, x.version) || cmpStr(x.name, y.name));
  if (addOn) return addOn;
  return compareNullable(
    a.pkg,
    b.pkg,
    (x, y) => compareVersions(y.version, x.version) || cmpStr(x.manager, y.manager) || cmpStr(x.pkg, y.pkg),
  );
}

/** "none" ranks last. */
function compareNullable<T>(a: T | null, b: T | null, cmp: (a: T, b: T) => number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return cmp(a, b);
}

/** A grouping's keys from its oldest image to its newest. */
export function oldestFirst(keys: readonly ImageKey[]): ImageKey[] {
  return [...keys].sort((a, b) => compareKeys(b, a));
}

/** Negative when the grouping with keys `a` has the newer images (both with the same number of groups). */
export function compareGroupings(a: readonly ImageKey[], b: readonly ImageKey[]): number {
  const x = oldestFirst(a);
  const y = oldestFirst(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareKeys(x[i]!, y[i]!);
    if (c) return c;
  }
  return x.length - y.length;
}
