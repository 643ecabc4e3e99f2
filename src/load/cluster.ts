// A cluster (docs/cluster.md): its shape comes from src/schema/cluster.ts; this second pass checks
// that host names and, per host, device ids are unique. References from the desired image to the
// depot are not checked here: they are NOT_IN_DEPOT validation errors, which recommendations can
// explain, not input errors.
import type { Cluster, Device, Host, SoftwareSpec } from '../model/types.js';
import { ClusterSchema, DeviceSchema, HostSchema, SoftwareSpecSchema } from '../schema/cluster.js';
import { compile, compileDocument, elementPath } from '../schema/compile.js';
import { type Collector, Uniqueness, collecting } from './check.js';
import { childPath } from './errors.js';
import { readJsonFile } from './json.js';

const checkCluster = compileDocument(ClusterSchema);
const checkHost = compile(HostSchema);
const checkSpec = compile(SoftwareSpecSchema);

export const deviceFrom: (c: Collector, value: unknown, path: string) => Device | undefined = compile(DeviceSchema);

/** Reports device ids a host has twice (the second pass of a host read at `path`). */
export function uniqueDeviceIds(c: Collector, host: Host, path: string): void {
  const ids = new Uniqueness(c, 'device id');
  const listPath = childPath(path, 'devices');
  host.devices.forEach((d, i) => ids.check(d.id, d.id, elementPath(host.devices, listPath, i)));
}

export function hostFrom(c: Collector, value: unknown, path: string): Host | undefined {
  const host = checkHost(c, value, path);
  if (host) uniqueDeviceIds(c, host, path);
  return host;
}

export function softwareSpecFrom(c: Collector, value: unknown, path: string): SoftwareSpec {
  const spec = checkSpec(c, value, path);
  if (spec) disjointAlternatives(c, spec, path);
  return spec ?? {};
}

/** A class may have one alternative image at most: selectors must not overlap (second pass). */
export function disjointAlternatives(c: Collector, spec: SoftwareSpec, path: string): void {
  const seen = new Map<string, number>();
  const list = spec.alternatives ?? [];
  list.forEach((alt, i) => {
    const altPath = elementPath(list, childPath(path, 'alternatives'), i);
    alt.classes.forEach((cl, j) => {
      const key = JSON.stringify([cl.vendor, cl.model]);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else {
        const where = first === i ? 'earlier in this alternative' : `in alternative ${first}`;
        c.problem(elementPath(alt.classes, childPath(altPath, 'classes'), j), `class ${cl.vendor} ${cl.model} is already listed ${where}`);
      }
    });
  });
}

function clusterFrom(c: Collector, value: unknown): Cluster {
  const cl = checkCluster(c, value, '$') ?? {};
  const hosts = cl.hosts ?? [];
  const uniqueHosts = new Uniqueness(c, 'host');
  hosts.forEach((h, i) => {
    const path = elementPath(hosts, '$.hosts', i);
    uniqueDeviceIds(c, h, path);
    uniqueHosts.check(h.name, h.name, path);
  });
  if (cl.desired) disjointAlternatives(c, cl.desired, '$.desired');
  return { name: cl.name ?? '', hosts, desired: cl.desired ?? {} };
}

/** Checks a parsed cluster document; throws an InputError naming `file` and every problem found. */
export function parseCluster(value: unknown, file: string): Cluster {
  return collecting(file, (c) => clusterFrom(c, value));
}

export function loadCluster(file: string): Cluster {
  return parseCluster(readJsonFile(file), file);
}

/** A desired image on its own (an HTTP body, say); `file` and `path` name it in problems. */
export function parseSoftwareSpec(value: unknown, file: string, path = '$'): SoftwareSpec {
  return collecting(file, (c) => softwareSpecFrom(c, value, path));
}

export function parseHost(value: unknown, file: string, path = '$'): Host {
  // hostFrom returns undefined only after reporting a problem, so collecting() has thrown by then.
  return collecting(file, (c) => hostFrom(c, value, path))!;
}

export function parseDevice(value: unknown, file: string, path = '$'): Device {
  return collecting(file, (c) => deviceFrom(c, value, path))!;
}
