// The answers (docs/output.md): images, validation reports, recommendations, enumerations. Only
// the HTTP API's OpenAPI document and the types read these schemas; nothing parses them.
import * as v from 'valibot';
import { AddOnRefSchema, HardwareSupportSpecSchema } from './cluster.js';
import { Name, Version, VersionMap, VersionRef } from './primitives.js';
import { ChangeSchema } from './scenario.js';

export const ERROR_CODES = [
  'MISSING_DEPENDENCY',
  'CONFLICT',
  'UNSUPPORTED_BASE_IMAGE',
  'NOT_IN_DEPOT',
  'DOWNGRADE',
  'HARDWARE_NOT_COVERED',
  'SERVER_NOT_CERTIFIED',
  'DEVICE_NOT_LISTED',
  'DEVICE_NOT_CERTIFIED',
] as const;

export const COMPONENT_SOURCES = ['BASE_IMAGE', 'ADD_ON', 'HARDWARE_SUPPORT_PACKAGE', 'SOLUTION', 'USER'] as const;

/** A fully resolved image. */
export const ImageSchema = v.pipe(
  v.object({
    base_image: VersionRef,
    add_on: v.nullable(AddOnRefSchema),
    hardware_support: v.nullable(HardwareSupportSpecSchema),
    solutions: v.record(Name, v.object({ version: Version, components: v.array(v.object({ name: Name, version: Version })) })),
    components: VersionMap,
  }),
  v.description('a fully resolved image: every layer chosen, and the components that result (docs/output.md)'),
);

/** A validation error, also the shape of a recommendation's reason. */
export const ImageErrorSchema = v.pipe(
  v.object({
    code: v.picklist(ERROR_CODES),
    host: v.optional(Name),
    hosts: v.optional(
      v.pipe(
        v.array(Name),
        v.description("reasons only: every host the reason applies to (the hosts with `host`'s hardware), `host` first"),
      ),
    ),
    device: v.optional(v.pipe(Name, v.description("vid:did:svid:ssid of the host's device"))),
    item: v.optional(v.pipe(Name, v.description('name@version of the item concerned'))),
    message: Name,
  }),
  v.description('why an image is not valid (docs/output.md)'),
);

export const ComponentSourceSchema = v.picklist(COMPONENT_SOURCES);

const EffectiveSchema = v.object({ version: Version, source: ComponentSourceSchema });

export const EffectiveComponentSchema = v.object({
  version: Version,
  source: ComponentSourceSchema,
  /** what this component replaced, when a later layer overrode an earlier one */
  overrode: v.optional(EffectiveSchema),
});

export const RepairSchema = v.pipe(
  v.object({ changes: v.array(ChangeSchema), image: ImageSchema }),
  v.description(
    'what-if changes that make an excluded base image usable, none superfluous, and the best image on it then (docs/output.md)',
  ),
);

export const ExcludedBaseImageSchema = v.pipe(
  v.object({
    version: Version,
    reasons: v.array(ImageErrorSchema),
    repairs: v.optional(v.array(RepairSchema)),
    no_repair: v.optional(v.pipe(v.string(), v.description('when there is no repair plan: what would be needed instead'))),
  }),
  v.description('a base image no valid image could be built on, why, and how to make it usable (docs/output.md)'),
);

export const RecommendationsSchema = v.pipe(
  v.object({
    latest: v.nullable(ImageSchema),
    current_series: v.nullable(ImageSchema),
    same_base: v.nullable(ImageSchema),
    excluded_base_images: v.array(ExcludedBaseImageSchema),
  }),
  v.description('the three recommended images (null: none valid) and the excluded base images (docs/output.md)'),
);

/** A hardware class: the hosts of one vendor and model, as vSphere assigns images to them. */
export const HardwareClassSchema = v.object({ vendor: Name, model: Name });

export const ImageGroupSchema = v.pipe(
  v.object({
    classes: v.array(HardwareClassSchema),
    hosts: v.array(Name),
    latest: ImageSchema,
    current_series: v.nullable(ImageSchema),
    same_base: v.nullable(ImageSchema),
    excluded_base_images: v.array(ExcludedBaseImageSchema),
  }),
  v.description("one image group: its hardware classes, their hosts, and the group's recommendations (docs/output.md)"),
);

export const UncoveredClassesSchema = v.pipe(
  v.object({ classes: v.array(HardwareClassSchema), hosts: v.array(Name), reasons: v.array(ImageErrorSchema) }),
  v.description('hardware classes no image covers, and why: every image has one of the reasons (docs/output.md)'),
);

export const GroupsSchema = v.pipe(
  v.object({
    groups: v.array(ImageGroupSchema),
    uncovered: v.array(UncoveredClassesSchema),
    max_groups: v.number(),
    fewest_groups: v.pipe(
      v.nullable(v.number()),
      v.description('the fewest groups a valid grouping needs, also beyond max_groups; null when a class is uncovered'),
    ),
  }),
  v.description('the fewest image groups for a mixed-hardware cluster, newest images first among them (docs/output.md)'),
);

export const EnumerationSchema = v.pipe(
  v.object({ count: v.number(), combinations: v.array(ImageSchema) }),
  v.description('every valid image in rank order; count is the full number (docs/output.md)'),
);

export const ValidationReportSchema = v.pipe(
  v.object({ valid: v.boolean(), effective_components: v.record(Name, EffectiveSchema), errors: v.array(ImageErrorSchema) }),
  v.description('whether the image is valid on every host, the components it installs and the errors (docs/output.md)'),
);

export type Image = v.InferOutput<typeof ImageSchema>;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type ImageError = v.InferOutput<typeof ImageErrorSchema>;
export type ComponentSource = (typeof COMPONENT_SOURCES)[number];
export type EffectiveComponent = v.InferOutput<typeof EffectiveComponentSchema>;
export type ExcludedBaseImage = v.InferOutput<typeof ExcludedBaseImageSchema>;
export type Repair = v.InferOutput<typeof RepairSchema>;
export type Recommendations = v.InferOutput<typeof RecommendationsSchema>;
export type Enumeration = v.InferOutput<typeof EnumerationSchema>;
export type ValidationReport = v.InferOutput<typeof ValidationReportSchema>;
export type HardwareClass = v.InferOutput<typeof HardwareClassSchema>;
export type ImageGroup = v.InferOutput<typeof ImageGroupSchema>;
export type UncoveredClasses = v.InferOutput<typeof UncoveredClassesSchema>;
export type Groups = v.InferOutput<typeof GroupsSchema>;
