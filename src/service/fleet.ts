// What the console's fleet page shows in one read: per cluster the host count, compliance,
// recommendation state and the newest base image it can use; and how old the inputs are. Built
// from the service's public reads only; compliance needs a solve, so it is kept per cluster
// until the cluster's input hashes move on.
import type { ComplianceStatus, Impact } from '../image/compliance.js';
import { compareVersions } from '../version/version.js';
import type { HclFreshness } from '../catalog/freshness.js';
import type { StrataService } from './service.js';

/** fresh: current; stale: inputs changed, no solve yet; solving: one is scheduled or running. */
export type RecommendationState = 'fresh' | 'stale' | 'solving' | 'failed' | 'pending';

export interface FleetCluster {
  name: string;
  hosts: number;
  desired_base_image: string | null;
  compliance: { status: ComplianceStatus; impact: Impact } | null;
  /** why compliance is unknown (no depot or HCL yet, a solve that failed) */
  compliance_error: string | null;
  recommendation: RecommendationState;
  generated_at: string | null;
  /** the base image of the `latest` recommendation: the newest one this cluster can use */
  newest_base_image: string | null;
  /** base images newer than that one which the cluster cannot use */
  excluded_newer: number;
}

export interface Fleet {
  depot: { content_hash: string; imported_at: string; base_images: number; newest_base_image: string | null } | null;
  hcl: ({ content_hash: string; imported_at: string } & HclFreshness) | null;
  clusters: FleetCluster[];
}

type Cached = { key: string; value: Pick<FleetCluster, 'compliance' | 'compliance_error'> };
const complianceCache = new WeakMap<StrataService, Map<string, Cached>>();

async function complianceOf(service: StrataService, name: string): Promise<Cached['value']> {
  const hashes = service.currentHashes(name);
  if (!hashes) return { compliance: null, compliance_error: 'no depot or HCL imported yet' };
  let cache = complianceCache.get(service);
  if (!cache) complianceCache.set(service, (cache = new Map()));
  const key = JSON.stringify(hashes);
  const hit = cache.get(name);
  if (hit?.key === key) return hit.value;
  let value: Cached['value'];
  try {
    const c = await service.compliance(name);
    value = { compliance: { status: c.status, impact: c.impact }, compliance_error: null };
  } catch (err) {
    value = { compliance: null, compliance_error: err instanceof Error ? err.message : String(err) };
  }
  cache.set(name, { key, value });
  return value;
}

function stateOf(service: StrataService, name: string, status: string, stale: boolean): RecommendationState {
  if (service.scheduler.busy(name)) return 'solving';
  if (status === 'PENDING') return 'pending';
  if (stale) return 'stale';
  return status === 'FAILED' ? 'failed' : 'fresh';
}

export async function fleet(service: StrataService): Promise<Fleet> {
  const depot = service.depot;
  const hcl = service.hcl;
  const bases = depot ? depot.doc.base_images.map((b) => b.version).sort((a, b) => compareVersions(b, a)) : [];
  const clusters = await Promise.all(
    service.clusterNames().map(async (name): Promise<FleetCluster> => {
      const { cluster } = service.getCluster(name);
      const view = service.view(name);
      const newest = view.latest?.base_image.version ?? null;
      return {
        name,
        hosts: cluster.hosts.length,
        desired_base_image: cluster.desired.base_image?.version ?? null,
        ...(await complianceOf(service, name)),
        recommendation: stateOf(service, name, view.status, view.stale),
        generated_at: view.generated_at,
        newest_base_image: newest,
        excluded_newer: view.excluded_base_images.filter((e) => newest === null || compareVersions(e.version, newest) > 0).length,
      };
    }),
  );
  return {
    depot: depot
      ? { content_hash: depot.hash, imported_at: depot.updated_at, base_images: bases.length, newest_base_image: bases[0] ?? null }
      : null,
    hcl: hcl ? { content_hash: hcl.hash, imported_at: hcl.updated_at, ...service.hclFreshness() } : null,
    clusters,
  };
}

/** The HCL's names of a cluster's devices (vendor, model, class by PCI id), for reasons in words. */
export function clusterDeviceNames(service: StrataService, name: string) {
  const { cluster } = service.getCluster(name);
  const hcl = service.hcl;
  if (!hcl) return [];
  const ids = new Set(cluster.hosts.flatMap((h) => h.devices.map((d) => `${d.vid}:${d.did}`)));
  return hcl.doc.devices
    .filter((d) => ids.has(`${d.vid}:${d.did}`))
    .map((d) => ({ vid: d.vid, did: d.did, svid: d.svid, ssid: d.ssid, vendor: d.vendor, model: d.model, class: d.class }));
}
