// Hosts with the same hardware are one problem: group them into hardware profiles
// (vendor, model, family and the multiset of devices with their firmware).
import type { Device, Host } from '../model/types.js';
import { pciString } from './pci.js';

export interface HardwareProfile {
  key: string;
  /** hosts in input order; the first one stands for the profile in reasons */
  hosts: Host[];
  /** distinct (PCI id, class, firmware) devices; identical cards in one host count once */
  devices: Device[];
}

/** Devices a profile counts as one: the same PCI id, class and firmware. */
export const deviceKey = (d: Device) => `${pciString(d)}|${d.class}|${d.firmware_version}`;

/**
 * Each host's part of the grouping, cached by host object: hosts are values that are replaced,
 * never edited in place (what-if and events copy a host they change), and a what-if scenario
 * shares every host it does not edit with the baseline, so most hosts are known.
 */
const hostParts = new WeakMap<Host, { key: string; devices: Device[] }>();

function hostPart(host: Host): { key: string; devices: Device[] } {
  let part = hostParts.get(host);
  if (!part) {
    const devices = new Map<string, Device>();
    for (const d of host.devices) if (!devices.has(deviceKey(d))) devices.set(deviceKey(d), d);
    const sortedKeys = [...devices.keys()].sort();
    part = { key: JSON.stringify([host.vendor, host.model, host.family, sortedKeys]), devices: sortedKeys.map((k) => devices.get(k)!) };
    hostParts.set(host, part);
  }
  return part;
}

/** The hosts' profiles, in the order of their first hosts. */
export function hardwareProfiles(hosts: readonly Host[]): HardwareProfile[] {
  const byKey = new Map<string, HardwareProfile>();
  for (const host of hosts) {
    const { key, devices } = hostPart(host);
    let profile = byKey.get(key);
    if (!profile) byKey.set(key, (profile = { key, hosts: [], devices }));
    profile.hosts.push(host);
  }
  return [...byKey.values()];
}
