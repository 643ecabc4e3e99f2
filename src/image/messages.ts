// Words for operators: how items, constraints and sources read in messages.
import type { ComponentSource, Constraint, Device, HclDevice, Host } from '../model/types.js';
import { pciString } from '../catalog/catalog.js';

const SOURCES: Record<ComponentSource, string> = {
  BASE_IMAGE: 'base image',
  ADD_ON: 'add-on',
  HARDWARE_SUPPORT_PACKAGE: 'hardware support package',
  SOLUTION: 'solution',
  USER: 'user component',
};

export const describeSource = (s: ComponentSource) => SOURCES[s];

export function describeConstraint(k: Constraint): string {
  return k.relation && k.version !== undefined ? `${k.name} ${k.relation} ${k.version}` : k.name;
}

export function describeHost(host: Host): string {
  return `${host.vendor} ${host.model} (${host.family})`;
}

export function describeDevice(device: Device, entry?: HclDevice): string {
  const name = entry && (entry.vendor || entry.model) ? `${[entry.vendor, entry.model].filter(Boolean).join(' ')} ` : '';
  return `${name}${device.class} device ${device.id} (${pciString(device)})`;
}

export function listOr(items: readonly string[], max = 4): string {
  if (items.length === 0) return 'nothing';
  const shown = items.slice(0, max);
  const more = items.length > max ? ` (+${items.length - max} more)` : '';
  return shown.length === 1 ? shown[0]! + more : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}${more}`;
}
