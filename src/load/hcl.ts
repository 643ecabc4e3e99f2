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

  const uniqueReleases = new Uniqueness(c, 'release');
  releases.forEach((r, i) => uniqueReleases.check(r.name, JSON.stringify(r.name), elementPath(releases, '$.releases', i)));
  const names = new Set(releases.map((r) => r.name));

  const uniqueServers = new Uniqueness(c, 'server');
  servers.forEach((s, i) => {
    const path = elementPath(servers, '$.servers', i);
    const listPath = childPath(path, 'releases');
    s.releases.forEach((name, j) => {
      if (!names.has(name)) c.problem(elementPath(s.releases, listPath, j), unknownRelease(name));
    });
    uniqueServers.check(`${s.vendor}\0${s.model}`, `${s.vendor} ${s.model}`, path);
  });

  const uniqueDevices = new Uniqueness(c, 'device');
  devices.forEach((d, i) => {
    const path = elementPath(devices, '$.devices', i);
    for (const name of Object.keys(d.releases)) {
      if (!names.has(name)) c.problem(childPath(childPath(path, 'releases'), name), unknownRelease(name));
    }
    const id = `${d.vid}:${d.did}:${d.svid}:${d.ssid}`;
    uniqueDevices.check(id, id, path);
  });

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
