// What-if scenarios (docs/whatif.md): one JSON object a line, `{"name", "changes": [CHANGE, ...]}`,
// each change one edit of the world, told apart by its `op`.
import * as v from 'valibot';
import { HostSchema, DeviceSchema, SoftwareSpecSchema } from './cluster.js';
import { AddOnSchema, BaseImageSchema, ComponentSchema, HardwareSupportPackageSchema, SolutionSchema } from './depot.js';
import { HclRowSchema } from './hcl.js';
import { Name, PciRef, Version } from './primitives.js';
import { discriminated } from './registry.js';
import { closestName } from '../util/similar.js';

export const CHANGE_OPS = [
  'add_host',
  'remove_host',
  'add_device',
  'remove_device',
  'set_firmware',
  'hcl_remove_driver_version',
  'hcl_add_row',
  'hcl_set_server_releases',
  'depot_add',
  'depot_remove',
  'set_desired',
] as const;

export const DEPOT_KINDS = ['base_images', 'add_ons', 'hardware_support_packages', 'solutions', 'components'] as const;

/** Closest known op, for "did you mean" hints: the same op with another case or separator, or a typo of one. */
function opHint(op: string): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return CHANGE_OPS.find((o) => norm(o) === norm(op)) ?? closestName(op.toLowerCase(), CHANGE_OPS);
}

/** Closest depot kind, for "did you mean" hints. */
const kindHint = (kind: string) => closestName(kind.toLowerCase(), DEPOT_KINDS);

const op = <T extends (typeof CHANGE_OPS)[number]>(name: T) => v.literal(name);
const kind = <T extends (typeof DEPOT_KINDS)[number]>(name: T) => v.literal(name);

const DepotAddSchema = discriminated(
  v.variant('kind', [
    v.object({ op: op('depot_add'), kind: kind('base_images'), item: BaseImageSchema }),
    v.object({ op: op('depot_add'), kind: kind('add_ons'), item: AddOnSchema }),
    v.object({ op: op('depot_add'), kind: kind('hardware_support_packages'), item: HardwareSupportPackageSchema }),
    v.object({ op: op('depot_add'), kind: kind('solutions'), item: SolutionSchema }),
    v.object({ op: op('depot_add'), kind: kind('components'), item: ComponentSchema }),
  ]),
  'a depot_add change ({"op", "kind", "item"})',
  { label: 'kind', hint: kindHint },
);

/** `name` is absent for base images; for packages it is the `pkg` (and `manager` may narrow it). */
const DepotRemoveSchema = discriminated(
  v.variant('kind', [
    v.object({ op: op('depot_remove'), kind: kind('base_images'), version: Version }),
    v.object({ op: op('depot_remove'), kind: kind('add_ons'), name: Name, version: Version }),
    v.object({
      op: op('depot_remove'),
      kind: kind('hardware_support_packages'),
      name: Name,
      manager: v.optional(Name),
      version: Version,
    }),
    v.object({ op: op('depot_remove'), kind: kind('solutions'), name: Name, version: Version }),
    v.object({ op: op('depot_remove'), kind: kind('components'), name: Name, version: Version }),
  ]),
  'a depot_remove change ({"op", "kind", "name"?, "version"})',
  { label: 'kind', hint: kindHint },
);

export const ChangeSchema = discriminated(
  v.pipe(
    v.variant('op', [
      v.object({ op: op('add_host'), host: HostSchema }),
      v.object({ op: op('remove_host'), host: Name }),
      v.object({ op: op('add_device'), host: Name, device: DeviceSchema }),
      v.object({ op: op('remove_device'), host: Name, device: Name }),
      v.object({ op: op('set_firmware'), host: Name, device: Name, version: Version }),
      v.object({ op: op('hcl_remove_driver_version'), device: PciRef, release: Name, driver: Name, version: Version }),
      v.object({ op: op('hcl_add_row'), device: PciRef, release: Name, row: HclRowSchema }),
      v.object({ op: op('hcl_set_server_releases'), vendor: Name, model: Name, releases: v.array(Name) }),
      DepotAddSchema,
      DepotRemoveSchema,
      v.object({ op: op('set_desired'), spec: SoftwareSpecSchema }),
    ]),
    v.description('one edit of the world, told apart by "op" (docs/whatif.md)'),
  ),
  'a change object ({"op", ...})',
  { label: 'op', hint: opHint },
);

export const ScenarioLineSchema = discriminated(
  v.pipe(
    v.object({ name: Name, changes: v.array(ChangeSchema) }),
    v.description('one line of a scenario file: a name and the changes, applied in order (docs/whatif.md)'),
  ),
  'a scenario object ({"name", "changes": [...]})',
  { label: 'field' },
);

export type ChangeOp = (typeof CHANGE_OPS)[number];
export type DepotKind = (typeof DEPOT_KINDS)[number];
export type ChangeInput = v.InferOutput<typeof ChangeSchema>;
