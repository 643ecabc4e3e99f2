// The desired image and the recommended ones as rows of one table, so that every difference from
// the desired image can be marked: base image, add-on, hardware support, solutions, components.
import type { Image, SoftwareSpec } from '../../model/types.js';

export interface Row {
  layer: string;
  /** the desired image's value ('—' for none, 'any' for a free choice) */
  desired: string;
  /** per recommendation: its value, or undefined when there is no such recommendation */
  values: (string | undefined)[];
}

const NONE = '—';
const ref = (x: { name: string; version: string } | null | undefined) => (x ? `${x.name} ${x.version}` : NONE);
const packages = (hs: SoftwareSpec['hardware_support'] | null | undefined) =>
  Object.values(hs?.packages ?? {})
    .map((p) => `${p.pkg} ${p.version}`)
    .join(', ') || NONE;

export function imageRows(desired: SoftwareSpec, images: (Image | null)[]): Row[] {
  const rows: Row[] = [];
  const row = (layer: string, d: string, of: (img: Image) => string) =>
    rows.push({ layer, desired: d, values: images.map((img) => (img ? of(img) : undefined)) });
  row('Base image', desired.base_image?.version ?? NONE, (img) => img.base_image.version);
  row('Add-on', ref(desired.add_on), (img) => ref(img.add_on));
  row('Hardware support', packages(desired.hardware_support), (img) => packages(img.hardware_support));
  const solutions = new Set([...Object.keys(desired.solutions ?? {}), ...images.flatMap((i) => Object.keys(i?.solutions ?? {}))]);
  for (const s of [...solutions].sort()) {
    const d = desired.solutions?.[s];
    row(`Solution ${s}`, d ? (d.version ?? 'any') : NONE, (img) => img.solutions[s]?.version ?? NONE);
  }
  const components = new Set([...Object.keys(desired.components ?? {}), ...images.flatMap((i) => Object.keys(i?.components ?? {}))]);
  for (const c of [...components].sort()) {
    const d = desired.components?.[c];
    row(`Component ${c}`, d === undefined ? NONE : (d ?? 'any'), (img) => img.components[c] ?? NONE);
  }
  return rows;
}

/** Does a recommended value differ from the desired one? A free choice ('any') made concrete does: accepting pins it. */
export function differs(desired: string, value: string | undefined): boolean {
  return value !== undefined && desired !== value;
}
