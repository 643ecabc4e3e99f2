// The image groups of a cluster's desired state (vSphere composite images): group 0 is the default
// image, group i the i-th alternative. A host belongs to the alternative listing its class (vendor,
// model), else to the default image. Each group is checked and planned as its own cluster.
import type { Cluster, ClassSelector, Groups, Host, ImageSpec, SoftwareSpec } from '../../model/types.js';

export interface DesiredGroup {
  /** 0: the default image; i: alternatives[i - 1] */
  group: number;
  /** the classes of an alternative; null for the default image (every other class) */
  classes: ClassSelector[] | null;
  hosts: Host[];
  image: ImageSpec;
}

const classKey = (vendor: string, model: string) => JSON.stringify([vendor, model]);

/** The default image alone: the desired state without its alternatives. */
export function defaultImage(spec: SoftwareSpec): ImageSpec {
  const { alternatives: _, ...image } = spec;
  return image;
}

export const hasAlternatives = (spec: SoftwareSpec): boolean => (spec.alternatives?.length ?? 0) > 0;

/** The groups of the desired state, the default first; hosts in cluster order. */
export function desiredGroups(cluster: Cluster): DesiredGroup[] {
  const alts = cluster.desired.alternatives ?? [];
  const groupOf = new Map<string, number>();
  alts.forEach((a, i) => a.classes.forEach((c) => groupOf.set(classKey(c.vendor, c.model), i + 1)));
  const groups: DesiredGroup[] = [
    { group: 0, classes: null, hosts: [], image: defaultImage(cluster.desired) },
    ...alts.map((a, i) => ({ group: i + 1, classes: a.classes, hosts: [] as Host[], image: a.image })),
  ];
  for (const h of cluster.hosts) groups[groupOf.get(classKey(h.vendor, h.model)) ?? 0]!.hosts.push(h);
  return groups;
}

/** A group as a cluster of its own: its hosts and its image. */
export const groupAsCluster = (cluster: Cluster, g: DesiredGroup): Cluster => ({ name: cluster.name, hosts: g.hosts, desired: g.image });

/** The desired state a groups answer stands for: its first group the default image, the others alternatives. */
export function groupsToDesired(
  answer: Groups,
  toSpec: (image: Groups['groups'][number]['latest']) => ImageSpec,
): SoftwareSpec | undefined {
  const [first, ...rest] = answer.groups;
  if (!first) return undefined;
  const spec: SoftwareSpec = toSpec(first.latest);
  if (rest.length) spec.alternatives = rest.map((g) => ({ classes: g.classes.map((c) => ({ ...c })), image: toSpec(g.latest) }));
  return spec;
}
