// Composition of SPEC §3.1: layers applied in order, each later layer overriding earlier ones,
// every effective component recording its source and what it overrode.
import type {
  AddOn,
  BaseImage,
  ComponentSource,
  EffectiveComponent,
  HardwareSupportPackage,
  ImageError,
  Solution,
} from '../model/types.js';
import { compareVersions } from '../version/version.js';
import { describeSource } from './messages.js';

/** One fully resolved choice of every item of an image (all exist in the depot). */
export interface Selection {
  base: BaseImage;
  addOn: AddOn | null;
  pkg: HardwareSupportPackage | null;
  /** chosen solution versions, by solution name */
  solutions: Solution[];
  /** the version picked for each solution component name (shared by the solutions naming it) */
  solutionComponents: Map<string, string>;
  /** desired user components with their chosen versions, by name */
  user: Map<string, string>;
  removed: readonly string[];
}

export type EffectiveImage = Map<string, EffectiveComponent>;

export interface Composition {
  components: EffectiveImage;
  /** DOWNGRADE errors */
  errors: ImageError[];
}

export function compose(sel: Selection): Composition {
  const components: EffectiveImage = new Map();
  const errors: ImageError[] = [];

  const put = (name: string, version: string, source: ComponentSource, layer: string) => {
    const prior = components.get(name);
    const next: EffectiveComponent = { version, source };
    if (prior) {
      next.overrode = { version: prior.version, source: prior.source };
      if (compareVersions(version, prior.version) < 0) {
        errors.push({
          code: 'DOWNGRADE',
          item: `${name}@${version}`,
          message: `${layer} downgrades ${name} from ${prior.version} (${describeSource(prior.source)}) to ${version}`,
        });
      }
    }
    components.set(name, next);
  };
  const layer = (items: Record<string, string>, removed: readonly string[], source: ComponentSource, label: string) => {
    for (const [name, version] of Object.entries(items)) put(name, version, source, label);
    for (const name of removed) components.delete(name);
  };

  for (const [name, version] of Object.entries(sel.base.components)) components.set(name, { version, source: 'BASE_IMAGE' });
  if (sel.addOn) layer(sel.addOn.components, sel.addOn.removed_components, 'ADD_ON', `add-on ${sel.addOn.name} ${sel.addOn.version}`);
  if (sel.pkg) {
    layer(sel.pkg.components, sel.pkg.removed_components, 'HARDWARE_SUPPORT_PACKAGE', `package ${sel.pkg.pkg} ${sel.pkg.version}`);
  }
  for (const [name, version] of sel.solutionComponents) put(name, version, 'SOLUTION', `solution component ${name}`);
  for (const [name, version] of sel.user) put(name, version, 'USER', `user component ${name}`);
  for (const name of sel.removed) components.delete(name);
  return { components, errors };
}
