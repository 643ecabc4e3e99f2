// The hardware compatibility list (docs/hcl.md): its shape comes from src/schema/hcl.ts; this
// second pass checks that releases, servers and devices are unique and that every release a
// server or device names is defined in `releases`.
import type { Hcl } from '../model/types.js';
import { compileDocument, elementPath } from '../schema/compile.js';
import { HclSchema } from '../schema/hcl.js';
import { type Collector, Uniqueness, collecting } from './check.js';
import { childPath } from './errors.js';
import { readJsonFile } from './json.js';

const checkHcl = compileDocument(HclSchema);

const unknownRelease = (name: string) => `release ${JSON.stringify(name)} is not in the HCL's releases`;

function hclFrom(c: Collector, value: unknown): Hcl {
  const h = checkHcl(c, value, '$') ?? {};
  const releases = h.releases ?? [];
  const servers = h.servers ?? [];
  const devices = h.devices ?? [];

  const releasePath = (i: number) => elementPath(releases, '$.releases', i);
  const uniqueReleases = new Uniqueness(c, 'release', releasePath);
  const releaseLabel = (i: number) => JSON.stringify(releases[i]!.name);
  for (let i = 0; i < releases.length; i++) uniqueReleases.checkAt(releases[i]!.name, i, releaseLabel);
  const names = new Set(releases.map((r) => r.name));

  // Paths are worked out only for the servers and devices with a problem.
  const serverPath = (i: number) => elementPath(servers, '$.servers', i);
  const uniqueServers = new Uniqueness(c, 'server', serverPath);
  const serverLabel = (i: number) => `${servers[i]!.vendor} ${servers[i]!.model}`;
  for (let i = 0; i < servers.length; i++) {
    const s = servers[i]!;
    for (let j = 0; j < s.releases.length; j++) {
      const name = s.releases[j]!;
      if (!names.has(name)) c.problem(elementPath(s.releases, childPath(serverPath(i), 'releases'), j), unknownRelease(name));
    }
    uniqueServers.checkAt(`${s.vendor}\0${s.model}`, i, serverLabel);
  }

  const devicePath = (i: number) => elementPath(devices, '$.devices', i);
  const uniqueDevices = new Uniqueness(c, 'device', devicePath);
  const deviceId = (i: number) => {
    const d = devices[i]!;
    return `${d.vid}:${d.did}:${d.svid}:${d.ssid}`;
  };
  for (let i = 0; i < devices.length; i++) {
    const releasesOf = devices[i]!.releases;
    for (const name in releasesOf) {
      if (!names.has(name)) c.problem(childPath(childPath(devicePath(i), 'releases'), name), unknownRelease(name));
    }
    uniqueDevices.checkAt(deviceId(i), i, deviceId);
  }

  const hcl: Hcl = { releases, servers, devices };
  if (h.updated !== undefined) hcl.updated = h.updated;
  return hcl;
}

/** Checks a parsed HCL document; throws an InputError naming `file` and every problem found. */
export function parseHcl(value: unknown, file: string): Hcl {
  return collecting(file, (c) => hclFrom(c, value));
}

export function loadHcl(file: string): Hcl {
  return parseHcl(readJsonFile(file), file);
}
