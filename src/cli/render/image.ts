// How images and desired images read in the reports: one short phrase per layer.
import type { Catalog } from '../../catalog/catalog.js';
import type { AddOnRef, HardwareSupportSpec, Image, SoftwareSpec } from '../../model/types.js';

export const NONE = 'none';
export const ABSENT = '—';

export function baseText(version: string, catalog?: Catalog): string {
  const display = catalog?.baseImage(version)?.display_version;
  return display ? `${version} (${display})` : version;
}

export function addOnText(addOn: AddOnRef | null | undefined): string {
  return addOn ? `${addOn.name} ${addOn.version}` : NONE;
}

/** The (only) package of a hardware support spec, when there is one. */
export function packageOf(hs: HardwareSupportSpec | null | undefined): { manager: string; pkg: string; version: string } | null {
  const entry = hs ? Object.entries(hs.packages)[0] : undefined;
  return entry ? { manager: entry[0], pkg: entry[1].pkg, version: entry[1].version } : null;
}

export function packageText(hs: HardwareSupportSpec | null | undefined, withManager = false): string {
  const p = packageOf(hs);
  if (!p) return NONE;
  return withManager ? `${p.pkg} ${p.version} (${p.manager})` : `${p.pkg} ${p.version}`;
}

/** "com.vmware.vsan 8.0.2 (vsan 8.0.2-0.30.23305546)", solutions joined by ", " */
export function solutionsText(solutions: Image['solutions']): string {
  const names = Object.keys(solutions).sort();
  if (names.length === 0) return NONE;
  return names
    .map((name) => {
      const s = solutions[name]!;
      const comps = s.components.map((c) => `${c.name} ${c.version}`).join(', ');
      return comps ? `${name} ${s.version} (${comps})` : `${name} ${s.version}`;
    })
    .join(', ');
}

export function componentsText(components: Record<string, string>): string {
  const names = Object.keys(components).sort();
  return names.length ? names.map((n) => `${n} ${components[n]}`).join(', ') : NONE;
}

/** The desired image as label/value rows: base image, add-on, package, solutions, components. */
export function specRows(spec: SoftwareSpec, catalog?: Catalog): [string, string][] {
  const rows: [string, string][] = [];
  rows.push(['base image', spec.base_image ? baseText(spec.base_image.version, catalog) : 'none given']);
  rows.push(['add-on', addOnText(spec.add_on)]);
  rows.push(['package', packageText(spec.hardware_support, true)]);
  const sols = Object.entries(spec.solutions ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  rows.push(['solutions', sols.length ? sols.map(([n, s]) => `${n} ${s?.version ?? '(any version)'}`).join(', ') : NONE]);
  const comps = Object.entries(spec.components ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  rows.push(['components', comps.length ? comps.map(([n, v]) => `${n} ${v ?? '(any version)'}`).join(', ') : NONE]);
  if (spec.removed_components?.length) rows.push(['removed', spec.removed_components.join(', ')]);
  return rows;
}

/** One line: "8.0.2-0.30.23305546 · DEL-ESXi 802.0.0.11.4.0-14 · no package · …" */
export function specLine(spec: SoftwareSpec): string {
  const parts: string[] = [spec.base_image ? spec.base_image.version : 'no base image'];
  parts.push(spec.add_on ? addOnText(spec.add_on) : 'no add-on');
  const p = packageOf(spec.hardware_support);
  parts.push(p ? `${p.pkg} ${p.version}` : 'no package');
  for (const [n, s] of Object.entries(spec.solutions ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    parts.push(`${n} ${s?.version ?? '(any)'}`);
  }
  for (const [n, v] of Object.entries(spec.components ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    parts.push(`${n} ${v ?? '(any)'}`);
  }
  return parts.join(' · ');
}
