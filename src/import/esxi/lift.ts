// Lifting VIB relations to components. The planner reasons about components; ESXi states its
// rules on VIBs. A component made of VIBs V:
//   - provides each VIB's name at the VIB's version, and everything the VIBs provide;
//   - depends on / conflicts with the constraints of its VIBs that V itself does not settle
//     (a dependency one of its own VIBs meets is internal; a conflict with one of its own VIBs
//     could never be installed and is not an image-level rule);
//   - needs a reboot when any VIB may not be installed live (live-install-allowed not true);
//   - keeps, as extra fields the planner ignores, its VIB ids, the PCI ids its VIBs claim,
//     their `replaces` constraints, their acceptance level and whether maintenance mode is needed.
// Settling follows the rules the planner applies (src/version/version.ts `satisfies`): a bound
// without a release part compares the candidate's version part only, and a provided name
// without a version meets only a constraint without a relation.
import type { Component, Constraint, PciId, Provide } from '../../model/types.js';
import { satisfies, versionKey } from '../../version/version.js';
import type { Bulletin } from './bulletin.js';
import type { ImportProblems } from './problems.js';
import type { Vib } from './vib.js';

/** A depot component with what it was lifted from (extra fields: loaders ignore them). */
export interface ImportedComponent extends Component {
  /** VIB ids, as the bulletin lists them */
  vibs: string[];
  /** PCI devices its VIBs claim (software tags), for matching drivers to devices */
  pci_ids: PciId[];
  /** the VIBs' `replaces` constraints: informational, not a planner rule */
  replaces: Constraint[];
  /** some VIB asks for maintenance mode */
  maintenance_mode: boolean;
  /** the lowest acceptance level among its VIBs, when they state one */
  acceptance_level?: string;
}

/** Does one VIB meet the constraint, by its own name and version or by what it provides? */
export function vibMeets(v: Vib, c: Constraint): boolean {
  if (v.name === c.name && satisfies(v.version, c.relation, c.version)) return true;
  return v.provides.some(
    (p) => p.name === c.name && (p.version === undefined ? c.relation === undefined : satisfies(p.version, c.relation, c.version)),
  );
}

function constraintKey(c: Constraint): string {
  return `${c.name}\0${c.relation ?? ''}\0${c.version === undefined ? '' : versionKey(c.version)}`;
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// Lowest first, as esximage orders them.
const ACCEPTANCE = ['community', 'partner', 'accepted', 'certified'];
function acceptanceRank(level: string): number {
  const i = ACCEPTANCE.findIndex((a) => level.toLowerCase().startsWith(a) || level.toLowerCase().endsWith(a));
  return i < 0 ? -1 : i;
}

/** The component of a bulletin, or undefined (with a problem) when one of its VIBs is missing. */
export function liftComponent(b: Bulletin, vibsById: Map<string, Vib>, problems: ImportProblems): ImportedComponent | undefined {
  const vibs: Vib[] = [];
  b.vib_ids.forEach((id, i) => {
    const v = vibsById.get(id);
    if (v) vibs.push(v);
    else {
      const path = b.vib_ids.length === 1 ? '/bulletin/vibList/vibID' : `/bulletin/vibList/vibID[${i + 1}]`;
      problems.error(b.where, path, `VIB ${id} has no descriptor in the depot: component ${b.name}@${b.version} left out`);
    }
  });
  if (vibs.length !== b.vib_ids.length) return undefined;

  const settled = (c: Constraint) => vibs.some((v) => vibMeets(v, c));
  const depends = dedupe(
    vibs.flatMap((v) => v.depends).filter((c) => !settled(c)),
    constraintKey,
  );
  const conflicts = dedupe(
    vibs.flatMap((v) => v.conflicts).filter((c) => !settled(c)),
    constraintKey,
  );
  const replaces = dedupe(
    vibs.flatMap((v) => v.replaces),
    constraintKey,
  );
  const provides = dedupe<Provide>(
    vibs.flatMap((v) => [{ name: v.name, version: v.version } as Provide, ...v.provides]).filter((p) => p.name !== b.name),
    (p) => `${p.name}\0${p.version === undefined ? '' : versionKey(p.version)}`,
  );
  const pci_ids = dedupe(
    vibs.flatMap((v) => v.pci_ids),
    (p) => `${p.vid}:${p.did}:${p.svid}:${p.ssid}`,
  );

  const out: ImportedComponent = {
    name: b.name,
    version: b.version,
    depends,
    conflicts,
    provides,
    reboot_required: vibs.some((v) => !v.live_install_allowed),
    vibs: b.vib_ids,
    pci_ids,
    replaces,
    maintenance_mode: vibs.some((v) => v.maintenance_mode),
  };
  if (b.display_name !== undefined) out.display_name = b.display_name;
  if (b.display_version !== undefined) out.display_version = b.display_version;
  if (b.vendor !== undefined) out.vendor = b.vendor;
  if (b.release_date !== undefined) out.release_date = b.release_date;
  const levels = vibs.map((v) => v.acceptance_level).filter((l): l is string => l !== undefined);
  if (levels.length > 0) out.acceptance_level = levels.reduce((lo, l) => (acceptanceRank(l) < acceptanceRank(lo) ? l : lo));
  return out;
}
