// Merging what several depots say into one Strata depot. VIBs are pooled across every PATH first
// (an OEM add-on bundle may list a VIB its own metadata does not describe but the base bundle
// does), then each bulletin is lifted to a component. The same item read twice (a component in
// the base bundle and again in an add-on bundle) is kept once; if the two readings differ the
// first wins and a warning names both places. A release unit naming a component version the
// merged depot lacks is left out with an error, as the depot loader would refuse it.
import type { AddOn, BaseImage, ComponentMap, Depot, HardwareSupportPackage, Solution } from '../../model/types.js';
import { compareVersions, versionKey } from '../../version/version.js';
import type { Bulletin } from './bulletin.js';
import { liftComponent, type ImportedComponent } from './lift.js';
import type { ImportProblems } from './problems.js';
import type { ReleaseUnit } from './release-units.js';
import type { Vib } from './vib.js';

export interface ImportedDepot extends Depot {
  components: ImportedComponent[];
}

export interface ImportStats {
  vibs: number;
  bulletins: number;
  components: number;
  base_images: number;
  add_ons: number;
  hardware_support_packages: number;
  solutions: number;
}

/** Stable JSON of the parts of an item that matter for planning. */
function fingerprint(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function unitIdentity(u: ReleaseUnit): string {
  switch (u.kind) {
    case 'base_image':
      return `base image ${u.item.version}\0${versionKey(u.item.version)}`;
    case 'add_on':
      return `add-on ${u.item.name}@${u.item.version}\0${versionKey(u.item.version)}`;
    case 'package':
      return `hardware support package ${u.item.pkg}@${u.item.version} of manager ${u.item.manager}\0${versionKey(u.item.version)}`;
    case 'solution':
      return `solution ${u.item.name}@${u.item.version}\0${versionKey(u.item.version)}`;
  }
}

// A component reads best with its identity and words first, then its rules, then the extras.
const COMPONENT_KEYS = [
  'name',
  'version',
  'display_name',
  'display_version',
  'vendor',
  'release_date',
  'depends',
  'conflicts',
  'provides',
  'reboot_required',
  'vibs',
  'pci_ids',
  'replaces',
  'maintenance_mode',
  'acceptance_level',
] as const;

function ordered(c: ImportedComponent): ImportedComponent {
  const out: Record<string, unknown> = {};
  for (const k of COMPONENT_KEYS) if (c[k] !== undefined) out[k] = c[k];
  return out as unknown as ImportedComponent;
}

export class DepotBuilder {
  private readonly vibs = new Map<string, Vib>();
  private readonly bulletins: Bulletin[] = [];
  private readonly units: ReleaseUnit[] = [];

  constructor(private readonly problems: ImportProblems) {}

  addVib(v: Vib): void {
    const seen = this.vibs.get(v.id);
    if (!seen) this.vibs.set(v.id, v);
    else if (fingerprint({ ...seen, where: '' }) !== fingerprint({ ...v, where: '' })) {
      this.problems.warning(v.where, '/vib', `VIB ${v.id} differs from the one read at ${seen.where}; the first is kept`);
    }
  }

  addBulletin(b: Bulletin): void {
    this.bulletins.push(b);
  }

  addUnit(u: ReleaseUnit): void {
    this.units.push(u);
  }

  finish(): { depot: ImportedDepot; stats: ImportStats } {
    const components = new Map<string, { c: ImportedComponent; where: string }>();
    for (const b of this.bulletins) {
      const c = liftComponent(b, this.vibs, this.problems);
      if (!c) continue;
      const key = `${c.name}\0${versionKey(c.version)}`;
      const seen = components.get(key);
      if (!seen) components.set(key, { c, where: b.where });
      else if (fingerprint(seen.c) !== fingerprint(c)) {
        this.problems.warning(
          b.where,
          '/bulletin',
          `component ${c.name}@${c.version} differs from the one read at ${seen.where}; the first is kept`,
        );
      }
    }
    const known = new Map<string, Set<string>>();
    for (const { c } of components.values()) {
      let set = known.get(c.name);
      if (!set) known.set(c.name, (set = new Set()));
      set.add(versionKey(c.version));
    }
    const missing = (map: ComponentMap): string[] =>
      Object.entries(map)
        .filter(([name, v]) => !known.get(name)?.has(versionKey(v)))
        .map(([name, v]) => `${name}@${v}`);

    const units = new Map<string, ReleaseUnit>();
    for (const u of this.units) {
      const id = unitIdentity(u);
      const label = id.split('\0')[0]!;
      const seen = units.get(id);
      if (seen) {
        if (fingerprint(seen.item) !== fingerprint(u.item))
          this.problems.warning(u.where, '$', `${label} differs from the one read at ${seen.where}; the first is kept`);
        continue;
      }
      const absent = u.kind === 'solution' ? [] : missing(u.item.components);
      if (absent.length > 0) {
        const list = absent.length > 3 ? `${absent.slice(0, 3).join(', ')} and ${absent.length - 3} more` : absent.join(', ');
        this.problems.error(u.where, '$.components', `${label} names components not in the imported depot (${list}): left out`);
        continue;
      }
      units.set(id, u);
    }
    const all = [...units.values()];
    const pick = <K extends ReleaseUnit['kind']>(kind: K) =>
      all.filter((u) => u.kind === kind).map((u) => u.item) as Extract<ReleaseUnit, { kind: K }>['item'][];
    const byVersion = (a: { version: string }, b: { version: string }) => compareVersions(a.version, b.version);
    const byName =
      <T extends { version: string }>(name: (t: T) => string) =>
      (a: T, b: T) =>
        name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : byVersion(a, b);

    const depot: ImportedDepot = {
      components: [...components.values()].map((x) => ordered(x.c)).sort(byName((c) => c.name)),
      base_images: (pick('base_image') as BaseImage[]).sort(byVersion),
      add_ons: (pick('add_on') as AddOn[]).sort(byName((a) => a.name)),
      hardware_support_packages: (pick('package') as HardwareSupportPackage[]).sort(byName((p) => `${p.manager}\0${p.pkg}`)),
      solutions: (pick('solution') as Solution[]).sort(byName((s) => s.name)),
    };
    return {
      depot,
      stats: {
        vibs: this.vibs.size,
        bulletins: this.bulletins.length,
        components: depot.components.length,
        base_images: depot.base_images.length,
        add_ons: depot.add_ons.length,
        hardware_support_packages: depot.hardware_support_packages.length,
        solutions: depot.solutions.length,
      },
    };
  }
}
