// Hardware classes (vendor, model): the unit vSphere assigns an image to in a cluster with several
// image definitions. A class may hold several hardware profiles (devices, firmware, family differ).
import type { Cluster, HardwareClass, Host } from '../../model/types.js';

export interface HostClass extends HardwareClass {
  /** the class's hosts, in cluster order */
  hosts: Host[];
}

/** The classes of the hosts, in the order of their first hosts (the order symmetry breaking uses). */
export function hardwareClasses(hosts: readonly Host[]): HostClass[] {
  const byKey = new Map<string, HostClass>();
  for (const h of hosts) {
    const key = JSON.stringify([h.vendor, h.model]);
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = { vendor: h.vendor, model: h.model, hosts: [] }));
    c.hosts.push(h);
  }
  return [...byKey.values()];
}

/** The cluster of a group: the hosts of its classes, in cluster order, and the cluster's desired image. */
export function groupCluster(cluster: Cluster, classes: readonly HostClass[]): Cluster {
  const members = new Set(classes.flatMap((c) => c.hosts));
  return { ...cluster, hosts: cluster.hosts.filter((h) => members.has(h)) };
}

export const classRef = (c: HardwareClass): HardwareClass => ({ vendor: c.vendor, model: c.model });
