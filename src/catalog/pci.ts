// PCI ids and the wildcard matching of SPEC §2.2: `*` in the subsystem parts matches any value,
// and an exact four-part match wins over a wildcard one.
import type { PciId } from '../model/types.js';

export function pciString(id: PciId): string {
  return `${id.vid}:${id.did}:${id.svid}:${id.ssid}`;
}

/** How specific a (possibly wildcard) PCI pattern is for a device, or -1 when it does not match. */
export function pciMatchScore(pattern: PciId, device: PciId): number {
  if (pattern.vid !== device.vid || pattern.did !== device.did) return -1;
  let score = 0;
  if (pattern.svid === device.svid) score += 2;
  else if (pattern.svid !== '*') return -1;
  if (pattern.ssid === device.ssid) score += 1;
  else if (pattern.ssid !== '*') return -1;
  return score;
}

/** The most specific pattern matching the device (an exact four-part match wins over a wildcard). */
export function bestPciMatch<T extends PciId>(patterns: readonly T[], device: PciId): T | undefined {
  let best: T | undefined;
  let bestScore = -1;
  for (const p of patterns) {
    const s = pciMatchScore(p, device);
    if (s > bestScore) {
      best = p;
      bestScore = s;
    }
  }
  return best;
}
