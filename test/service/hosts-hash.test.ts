// The hosts hash is built from per-host texts cached by host object; it must equal the content
// hash of the hosts as the solver sees them (devices of classes without HCL rules left out), and
// must follow a new set of classes with rules.
import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/service/events.js';
import { hostsHash } from '../../src/service/service.js';
import { contentHash } from '../../src/util/canonical-json.js';
import type { Host } from '../../src/model/types.js';
import { world } from '../api/helpers.js';

const plain = (hosts: readonly Host[], rules: ReadonlySet<string>) =>
  contentHash(hosts.map((h) => ({ ...h, devices: h.devices.filter((d) => rules.has(d.class)) })));

describe('hostsHash', () => {
  it('equals the content hash of the filtered hosts, before and after events, for each rule set', () => {
    const hosts = world('world-a').cluster.hosts as Host[];
    const nic = new Set(['nic']);
    const all = new Set(hosts.flatMap((h) => h.devices.map((d) => d.class)));
    let cur = hosts;
    for (let i = 0; i < 5; i++) {
      for (const rules of [nic, all]) expect(hostsHash(cur, rules)).toBe(plain(cur, rules));
      cur = applyEvent(cur, {
        type: 'firmware_updated',
        cluster: 'cl-7',
        host: cur[i % cur.length]!.name,
        device: 'dev1',
        version: `9.${i}`,
      });
    }
    expect(hostsHash(cur, all)).not.toBe(hostsHash(hosts, all));
    // A device of a class without rules does not count.
    expect(hostsHash(cur, nic)).toBe(plain(cur, nic));
  });
});
