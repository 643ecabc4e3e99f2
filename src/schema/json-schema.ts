// The JSON Schema of every named shape, for the OpenAPI document: shapes refer to each other by
// `#/components/schemas/NAME`, so /docs shows each one once.
import { toJsonSchemaDefs, type JsonSchema } from '@valibot/to-json-schema';
import * as api from './api.js';
import * as cluster from './cluster.js';
import * as depot from './depot.js';
import * as hcl from './hcl.js';
import * as output from './output.js';
import { PciId, PciIdOrAny, Version } from './primitives.js';
import { ChangeSchema, ScenarioLineSchema } from './scenario.js';

/** Every shape under the name the OpenAPI document gives it. */
export const NAMED_SCHEMAS = {
  Version,
  PciId,
  PciIdOrAny,
  Depot: depot.DepotSchema,
  Component: depot.ComponentSchema,
  Constraint: depot.ConstraintSchema,
  BaseImage: depot.BaseImageSchema,
  AddOn: depot.AddOnSchema,
  HardwareSupportPackage: depot.HardwareSupportPackageSchema,
  Solution: depot.SolutionSchema,
  Hcl: hcl.HclSchema,
  HclRelease: hcl.HclReleaseSchema,
  HclServer: hcl.HclServerSchema,
  HclDevice: hcl.HclDeviceSchema,
  HclRow: hcl.HclRowSchema,
  Cluster: cluster.ClusterSchema,
  Host: cluster.HostSchema,
  Device: cluster.DeviceSchema,
  SoftwareSpec: cluster.SoftwareSpecSchema,
  ImageSpec: cluster.ImageSpecSchema,
  Alternative: cluster.AlternativeSchema,
  HardwareClass: cluster.ClassSelectorSchema,
  Image: output.ImageSchema,
  ImageError: output.ImageErrorSchema,
  ExcludedBaseImage: output.ExcludedBaseImageSchema,
  ValidationReport: output.ValidationReportSchema,
  GroupsValidation: api.GroupsValidationSchema,
  Groups: output.GroupsSchema,
  ImageGroup: output.ImageGroupSchema,
  GroupRecommendations: api.GroupRecommendationsSchema,
  AcceptGroupsResult: api.AcceptGroupsResultSchema,
  Enumeration: output.EnumerationSchema,
  Recommendations: api.RecommendationViewSchema,
  InputHashes: api.InputHashesSchema,
  Error: api.ErrorBodySchema,
  Event: api.ChangeEventSchema,
  EventAccepted: api.EventAcceptedSchema,
  ImportResult: api.ImportResultSchema,
  HclSummary: api.HclSummarySchema,
  PutSoftwareResult: api.PutSoftwareResultSchema,
  AcceptResult: api.AcceptResultSchema,
  PutClusterResult: api.PutClusterResultSchema,
  PutHostResult: api.PutHostResultSchema,
  ClusterNames: api.ClusterNamesSchema,
  DepotContent: api.DepotContentSchema,
  Compliance: api.ComplianceSchema,
  ScenarioLine: ScenarioLineSchema,
  Change: ChangeSchema,
  ScenarioResult: api.ScenarioResultSchema,
};

export type SchemaName = keyof typeof NAMED_SCHEMAS;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of every named shape, referring to each other. */
export function componentSchemas(): Record<SchemaName, JsonSchema> {
  return toJsonSchemaDefs(NAMED_SCHEMAS, {
    target: 'draft-2020-12',
    // Checks JSON Schema cannot say (a version's grammar, "a relation needs a version") are in the
    // descriptions and docs; normalising transforms do not change the shape.
    errorMode: 'ignore',
    overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
  });
}
