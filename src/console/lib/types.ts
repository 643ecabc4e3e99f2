// The shapes the console reads from the API (the service's own types, type-only imports).
export type { Fleet, FleetCluster } from '../../service/fleet.js';
export type { GroupRecommendations, RecommendationView } from '../../service/service.js';
export type { ClusterCompliance } from '../../image/compliance.js';
export type {
  ClassSelector,
  Cluster,
  ExcludedBaseImage,
  Groups,
  HclDevice,
  Image,
  ImageError,
  ImageSpec,
  Repair,
  SoftwareSpec,
} from '../../model/types.js';
export type { ScenarioResult } from '../../whatif/types.js';

export interface DeviceName {
  vid: string;
  did: string;
  svid: string;
  ssid: string;
  vendor?: string;
  model?: string;
  class: string;
}
