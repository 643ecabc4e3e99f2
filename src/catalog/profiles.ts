// Hosts with the same hardware are one problem: group them into hardware profiles
// (vendor, model, family and the multiset of devices with their firmware).
import type { Device, Host } from '../model/types.js';
import { pciString } from './catalog.js';

export interface HardwareProfile {
  key: string;
  /** hosts in input order; the first one stands for the profile in reasons */
  hosts: Host[];
  /** distinct (PCI id, class, firmware) devices; identical cards in one host count once */
  devices: Device[];
}

const deviceKey = (d: Device) => `${pciString(d)}|${d.class}|${d.firmware_version}`;

export function hardwareProfiles(hosts: readonly Host[]): HardwareProfile[] {
  const byKey = new Map<string, HardwareProfile>();
  for (const host of hosts) {
    const devices = new Map<string, Device>();
    for (const d of host.devices) if (!devices.has(deviceKey(d))) devices.set(deviceKey(d), d);
    const sortedKeys = [...devices.keys()].sort();
    const key = JSON.stringify([host.vendor, host.model, host.family, sortedKeys]);
    let profile = byKey.get(key);
    if (!profile) {
      profile = { key, hosts: [], devices: sortedKeys.map((k) => devices.get(k)!) };
      byKey.set(key, profile);
    }
    profile.hosts.push(host);
  }
  return [...byKey.values()];
}
