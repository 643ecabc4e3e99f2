// Reasons are found per hardware profile and name its first host; an operator needs every host
// a reason concerns. Hosts with identical hardware have identical errors, so a reason naming one
// host of a profile applies to exactly the hosts of that profile.
import { hardwareProfiles } from '../catalog/profiles.js';
import type { ExcludedBaseImage, Host, ImageError } from '../model/types.js';

/** Sets `hosts` (every host with the named host's hardware, in cluster order) and `host` (the first). */
export function nameHosts(excluded: readonly ExcludedBaseImage[], hosts: readonly Host[]): ExcludedBaseImage[] {
  const sameHardware = new Map<string, string[]>();
  for (const p of hardwareProfiles(hosts)) {
    const names = p.hosts.map((h) => h.name);
    for (const n of names) sameHardware.set(n, names);
  }
  const named = (r: ImageError): ImageError => {
    const all = r.host === undefined ? undefined : sameHardware.get(r.host);
    if (!all) return r;
    const first = all[0]!;
    const message = first === r.host ? r.message : r.message.split(`host ${r.host}: `).join(`host ${first}: `);
    // one list per profile, made here and shared by its reasons (answers are read, never edited):
    // a reason per selector and base image, each naming up to every host, made copying costly
    return { ...r, host: first, hosts: all, message };
  };
  return excluded.map((x) => ({ ...x, reasons: x.reasons.map(named) }));
}
