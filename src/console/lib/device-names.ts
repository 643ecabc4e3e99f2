// Device names for reasons and repair plans: the HCL entries of a cluster's devices, looked up
// the way the command line's catalog does (the most specific entry wins).
import type { DeviceNames } from '../../cli/render/words.js';
import { bestPciMatch } from '../../catalog/pci.js';
import { enc, getJson } from './api.js';
import type { DeviceName, HclDevice } from './types.js';

export async function loadDeviceNames(cluster: string): Promise<DeviceNames> {
  const devices = await getJson<DeviceName[]>(`/api/clusters/${enc(cluster)}/device-names`);
  return { hclDevice: (d) => bestPciMatch(devices, d) as HclDevice | undefined };
}
