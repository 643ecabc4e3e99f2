// Messages that depend on the base image they explain, kept as data beside the function that
// writes them, so that an encoded depot side can cross to another thread (src/plan/depot-bytes.ts)
// and be given its functions again there.
import type { Catalog } from '../catalog/catalog.js';
import { listOr } from '../image/messages.js';
import { compareVersions } from '../version/version.js';

export type Template = { kind: 'downgrade'; name: string; version: string } | { kind: 'unsupported'; what: string; supported: string[] };

export type TemplatedMessage = ((baseVersion: string) => string) & { template: Template };

export function templated(t: Template, catalog: Catalog): TemplatedMessage {
  let write: (base: string) => string;
  if (t.kind === 'downgrade') {
    const { name, version } = t;
    write = (base) => {
      const had = catalog.baseImage(base)?.components[name];
      return had !== undefined && compareVersions(version, had) < 0
        ? `${name} ${version} would replace the newer ${had} of base image ${base}`
        : `${name} ${version} would replace a newer ${name} of an earlier layer`;
    };
  } else {
    const { what, supported } = t;
    write = (base) => `${what} supports base images ${listOr(supported)}, not ${base}`;
  }
  return Object.assign(write, { template: t });
}
