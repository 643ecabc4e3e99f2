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
    // one list per profile, made here and shared by its reasons (answers are read, never edited):
    // a reason per selector and base image, each naming up to every host, made copying costly
    return { ...r, host: all[0]!, hosts: all, message: messageFor(r, all[0]!) };
  };
  return excluded.map((x) => ({ ...x, reasons: x.reasons.map(named) }));
}

/**
 * The reasons naming a host in `to` naming its image there instead, all at once (a swap stays a
 * swap): reasons found for one host, given for another with the same hardware.
 */
export function renameHosts(excluded: readonly ExcludedBaseImage[], to: ReadonlyMap<string, string>): ExcludedBaseImage[] {
  const renamed = (r: ImageError): ImageError => {
    const host = r.host === undefined ? undefined : to.get(r.host);
    return host === undefined ? r : { ...r, host, message: messageFor(r, host) };
  };
  return excluded.map((x) => ({ ...x, reasons: x.reasons.map(renamed) }));
}

/** A reason's message naming `host` where it names its own host (messages begin "host NAME: "). */
function messageFor(r: ImageError, host: string): string {
  return host === r.host ? r.message : r.message.split(`host ${r.host}: `).join(`host ${host}: `);
}
