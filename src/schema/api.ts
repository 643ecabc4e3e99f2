// The HTTP API's own bodies (docs/api.md): change events, errors and the small answers of writes.
// The documents it carries (depot, HCL, cluster, host, desired image) are the input schemas; the
// answers (images, recommendations, validation reports) are in ./output.ts.
import * as v from 'valibot';
import { ClassSelectorSchema, DeviceSchema, HostSchema, SoftwareSpecSchema } from './cluster.js';
import { Name, Version } from './primitives.js';
import {
  ExcludedBaseImageSchema,
  GroupsSchema,
  ImageErrorSchema,
  ImageSchema,
  RecommendationsSchema,
  ValidationReportSchema,
} from './output.js';
import { discriminated } from './registry.js';

export const EVENT_TYPES = ['device_added', 'device_removed', 'firmware_updated', 'driver_updated', 'host_added', 'host_removed'] as const;

const type = <T extends (typeof EVENT_TYPES)[number]>(name: T) => v.literal(name);

/** A change on a host, reported by POST /api/events. */
export const ChangeEventSchema = discriminated(
  v.pipe(
    v.variant('type', [
      v.object({ type: type('device_added'), cluster: Name, host: Name, device: DeviceSchema }),
      v.object({ type: type('device_removed'), cluster: Name, host: Name, device: v.pipe(Name, v.description('device id')) }),
      v.object({ type: type('firmware_updated'), cluster: Name, host: Name, device: Name, version: Version }),
      v.pipe(
        v.object({ type: type('driver_updated'), cluster: Name, host: Name, component: Name, version: Version }),
        v.description("sets the component's version in the host's installed image"),
      ),
      v.object({ type: type('host_added'), cluster: Name, host: HostSchema }),
      v.object({ type: type('host_removed'), cluster: Name, host: v.pipe(Name, v.description('host name')) }),
    ]),
    v.description('a change on a host, told apart by "type" (docs/api.md)'),
  ),
  'an event object ({"type", "cluster", ...})',
  { label: 'event type' },
);

export const ERROR_TYPES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CONCURRENT_CHANGE',
  'NOT_ALLOWED_IN_CURRENT_STATE',
  'UNAUTHENTICATED',
  'OPERATION_NOT_FOUND',
  'UNSUPPORTED',
  'TIMED_OUT',
  'RESOURCE_BUSY',
  'INTERNAL_SERVER_ERROR',
] as const;

export const ErrorBodySchema = v.pipe(
  v.object({
    error_type: v.picklist(ERROR_TYPES),
    messages: v.array(
      v.object({
        id: v.pipe(v.string(), v.description('stable message id, e.g. "input.invalid"')),
        default_message: v.string(),
        args: v.pipe(v.array(v.string()), v.description('for input problems: the JSON path, then the problem')),
        code: v.optional(v.pipe(v.string(), v.description('the error code where the message is one (NOT_IN_DEPOT)'))),
      }),
    ),
  }),
  v.description('an error in the vSphere Automation shape (docs/api.md)'),
);

const Hash = v.pipe(v.string(), v.description('sha256 of the canonical JSON'));

const HclAgeDays = v.pipe(
  v.nullable(v.number()),
  v.description('whole days since the HCL\'s "updated" date; null without one (docs/hcl.md)'),
);
const HclFreshness = v.pipe(
  v.picklist(['OK', 'WARNING', 'ERROR', 'UNKNOWN']),
  v.description('WARNING past 90 days, ERROR past 180 (serve --hcl-warn-days / --hcl-error-days), UNKNOWN without a date'),
);

export const ImportStatsSchema = v.object({
  vibs: v.number(),
  bulletins: v.number(),
  components: v.number(),
  base_images: v.number(),
  add_ons: v.number(),
  hardware_support_packages: v.number(),
  solutions: v.number(),
});

export const ImportResultSchema = v.pipe(
  v.object({
    content_hash: Hash,
    changed: v.boolean(),
    problems: v.optional(
      v.pipe(
        v.array(v.string()),
        v.description('application/zip only: what the import met, "archive!member: element: message" (docs/api.md)'),
      ),
    ),
    stats: v.optional(v.pipe(ImportStatsSchema, v.description('application/zip only: what was read'))),
  }),
  v.description('the content hash of what was imported and whether it changed anything'),
);

/** GET /api/hcl?view=summary */
export const HclSummarySchema = v.pipe(
  v.object({
    content_hash: Hash,
    imported_at: v.string(),
    hcl_age_days: HclAgeDays,
    hcl_freshness: HclFreshness,
    counts: v.object({ releases: v.number(), servers: v.number(), devices: v.number() }),
  }),
  v.description('the stored HCL in brief: hash, when imported, how old its content is, counts'),
);

export const InputHashesSchema = v.pipe(
  v.object({ depot: Hash, hcl: Hash, desired: Hash, hosts: Hash }),
  v.description('content hashes of the inputs a recommendation is computed from'),
);

const GroupHead = {
  group: v.pipe(v.number(), v.description('0: the default image; i: alternatives[i - 1]')),
  classes: v.pipe(v.nullable(v.array(ClassSelectorSchema)), v.description("an alternative's classes; null for the default image")),
  hosts: v.array(Name),
};

/** One image group of the desired state and its recommendations. */
export const GroupRecommendationsSchema = v.pipe(
  v.object({ ...GroupHead, ...RecommendationsSchema.entries }),
  v.description('an image group of the desired state (default or alternative) and its recommendations (docs/api.md)'),
);

/** GET recommendations: the recommendations and how, when and from what they were computed. */
export const RecommendationViewSchema = v.pipe(
  v.object({
    cluster: Name,
    status: v.picklist(['READY', 'FAILED', 'PENDING']),
    ...RecommendationsSchema.entries,
    groups: v.optional(
      v.pipe(
        v.array(GroupRecommendationsSchema),
        v.description('with alternative images only: every image group, the default (group 0, also at the top level) first'),
      ),
    ),
    error: v.nullable(v.object({ type: v.picklist(['TIMED_OUT', 'WORKER_CRASHED', 'SOLVE_FAILED']), message: v.string() })),
    input_hashes: v.nullable(InputHashesSchema),
    current_input_hashes: v.nullable(InputHashesSchema),
    desired_revision: v.number(),
    generated_at: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
    solve_ms: v.number(),
    stale: v.pipe(v.boolean(), v.description('the inputs changed since; a re-solve is due')),
    hcl_age_days: HclAgeDays,
    hcl_freshness: HclFreshness,
  }),
  v.description('the recommendations of a cluster (docs/output.md) with their status and inputs (docs/api.md)'),
);

export const PutSoftwareResultSchema = v.object({ revision: v.number(), changed: v.boolean() });
export const AcceptResultSchema = v.object({
  revision: v.number(),
  changed: v.boolean(),
  desired: SoftwareSpecSchema,
});

/** POST .../software/groups?action=accept: the desired state made of the groups answer. */
export const AcceptGroupsResultSchema = v.pipe(
  v.object({ revision: v.number(), changed: v.boolean(), desired: SoftwareSpecSchema, groups: GroupsSchema }),
  v.description('the new desired state (the first group the default image, the others alternatives) and the answer it came from'),
);

/** POST .../software?action=validate on a desired state with alternative images. */
export const GroupsValidationSchema = v.pipe(
  v.object({
    ...ValidationReportSchema.entries,
    groups: v.optional(
      v.pipe(
        v.array(v.object({ ...GroupHead, report: ValidationReportSchema })),
        v.description("with alternative images only: each image group's own report; the top level is valid when all are"),
      ),
    ),
  }),
  v.description(
    "whether the desired state is valid on every host (each host against its group's image), its effective components and errors (docs/output.md)",
  ),
);
export const PutClusterResultSchema = v.object({ name: Name, created: v.boolean(), revision: v.number() });
export const PutHostResultSchema = v.object({ name: Name, created: v.boolean() });
export const EventAcceptedSchema = v.object({ id: v.number(), cluster: Name, affects_recommendation: v.boolean() });
export const ClusterNamesSchema = v.array(v.object({ name: Name }));

export const DepotContentSchema = v.pipe(
  v.object({ count: v.number(), items: v.array(v.looseObject({ version: Version })) }),
  v.description('matching items (base images, add-ons, packages, solutions or components), newest first'),
);

const ImpactSchema = v.picklist(['NO_IMPACT', 'MAINTENANCE_MODE_REQUIRED', 'REBOOT_REQUIRED']);
const ComplianceStatusSchema = v.picklist(['COMPLIANT', 'NON_COMPLIANT', 'INCOMPATIBLE', 'UNAVAILABLE']);

export const ComplianceSchema = v.pipe(
  v.object({
    cluster: Name,
    status: ComplianceStatusSchema,
    impact: ImpactSchema,
    hosts: v.array(
      v.object({
        host: Name,
        group: v.optional(v.pipe(v.number(), v.description("with alternative images: the host's image group (0: default)"))),
        status: ComplianceStatusSchema,
        impact: ImpactSchema,
        base_image: v.object({ installed: v.nullable(Version), desired: v.nullable(Version) }),
        components: v.array(
          v.object({
            name: Name,
            installed: v.nullable(Version),
            desired: v.nullable(Version),
            change: v.picklist(['ADDED', 'REMOVED', 'UPGRADED', 'DOWNGRADED']),
            reboot_required: v.boolean(),
          }),
        ),
        errors: v.array(ImageErrorSchema),
      }),
    ),
  }),
  v.description('how far each host is from the desired image (docs/output.md)'),
);

/** One line of the answer of POST /api/clusters/{cluster}/whatif. */
export const ScenarioResultSchema = v.pipe(
  v.union([
    v.object({
      name: Name,
      latest: v.nullable(ImageSchema),
      current_series: v.nullable(ImageSchema),
      same_base: v.nullable(ImageSchema),
      changed: v.array(v.picklist(['latest', 'current_series', 'same_base'])),
      excluded_base_images: v.array(ExcludedBaseImageSchema),
    }),
    v.object({
      name: v.optional(Name),
      line: v.number(),
      error: v.object({ path: v.string(), message: v.string() }),
    }),
  ]),
  v.description("a scenario's recommendations and which slots changed, or why the line could not run (docs/whatif.md)"),
);

export type ChangeEventInput = v.InferOutput<typeof ChangeEventSchema>;
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;
