// Change events of POST /api/events (SPEC §3.6): checked like every other input (problems name
// the JSON path), then applied to a cluster's hosts as a pure function.
import { collecting, isObject, expected, reqString, reqVersion } from '../load/check.js';
import { deviceFrom, hostFrom } from '../load/cluster.js';
import type { Device, Host } from '../model/types.js';
import { AlreadyExists, NotAllowed, NotFound } from './errors.js';

export type ChangeEvent =
  | { type: 'device_added'; cluster: string; host: string; device: Device }
  | { type: 'device_removed'; cluster: string; host: string; device: string }
  | { type: 'firmware_updated'; cluster: string; host: string; device: string; version: string }
  | { type: 'driver_updated'; cluster: string; host: string; component: string; version: string }
  | { type: 'host_added'; cluster: string; host: Host }
  | { type: 'host_removed'; cluster: string; host: string };

export const EVENT_TYPES = ['device_added', 'device_removed', 'firmware_updated', 'driver_updated', 'host_added', 'host_removed'] as const;

export function parseEvent(value: unknown): ChangeEvent {
  return collecting('body', (c) => {
    if (!isObject(value)) {
      expected(c, '$', 'an event object ({"type", "cluster", ...})', value);
      return undefined as never;
    }
    const type = reqString(c, value, 'type', '$');
    const cluster = reqString(c, value, 'cluster', '$');
    if (type !== undefined && !(EVENT_TYPES as readonly string[]).includes(type)) {
      c.problem('$.type', `unknown event type ${JSON.stringify(type)} (expected one of ${EVENT_TYPES.join(', ')})`);
    }
    switch (type) {
      case 'device_added': {
        const host = reqString(c, value, 'host', '$');
        const device =
          value.device === undefined
            ? (c.problem('$.device', 'missing required field "device"'), undefined)
            : deviceFrom(c, value.device, '$.device');
        return { type, cluster: cluster!, host: host!, device: device! };
      }
      case 'device_removed':
        return { type, cluster: cluster!, host: reqString(c, value, 'host', '$')!, device: reqString(c, value, 'device', '$')! };
      case 'firmware_updated':
        return {
          type,
          cluster: cluster!,
          host: reqString(c, value, 'host', '$')!,
          device: reqString(c, value, 'device', '$')!,
          version: reqVersion(c, value, 'version', '$')!,
        };
      case 'driver_updated':
        return {
          type,
          cluster: cluster!,
          host: reqString(c, value, 'host', '$')!,
          component: reqString(c, value, 'component', '$')!,
          version: reqVersion(c, value, 'version', '$')!,
        };
      case 'host_added': {
        const host =
          value.host === undefined ? (c.problem('$.host', 'missing required field "host"'), undefined) : hostFrom(c, value.host, '$.host');
        return { type, cluster: cluster!, host: host! };
      }
      case 'host_removed':
        return { type, cluster: cluster!, host: reqString(c, value, 'host', '$')! };
      default:
        return undefined as never; // a problem was recorded, so collecting() throws
    }
  });
}

/** The host an event is about (by name). */
export function eventHost(e: ChangeEvent): string {
  return typeof e.host === 'string' ? e.host : e.host.name;
}

function hostIndex(hosts: readonly Host[], cluster: string, name: string): number {
  const i = hosts.findIndex((h) => h.name === name);
  if (i < 0) throw new NotFound('host', `${cluster}/${name}`);
  return i;
}

function deviceIndex(host: Host, cluster: string, id: string): number {
  const i = host.devices.findIndex((d) => d.id === id);
  if (i < 0) throw new NotFound('device', `${cluster}/${host.name}/${id}`);
  return i;
}

/** The hosts after the event; throws NOT_FOUND / ALREADY_EXISTS for events that do not fit. */
export function applyEvent(hosts: readonly Host[], e: ChangeEvent): Host[] {
  const out = [...hosts];
  switch (e.type) {
    case 'host_added':
      if (hosts.some((h) => h.name === e.host.name)) throw new AlreadyExists('host', `${e.cluster}/${e.host.name}`);
      out.push(e.host);
      return out;
    case 'host_removed':
      out.splice(hostIndex(hosts, e.cluster, e.host), 1);
      return out;
    default:
      break;
  }
  const hi = hostIndex(hosts, e.cluster, e.host);
  const host = hosts[hi]!;
  const devices = [...host.devices];
  switch (e.type) {
    case 'device_added':
      if (devices.some((d) => d.id === e.device.id)) throw new AlreadyExists('device', `${e.cluster}/${host.name}/${e.device.id}`);
      devices.push(e.device);
      break;
    case 'device_removed':
      devices.splice(deviceIndex(host, e.cluster, e.device), 1);
      break;
    case 'firmware_updated': {
      const di = deviceIndex(host, e.cluster, e.device);
      devices[di] = { ...devices[di]!, firmware_version: e.version };
      break;
    }
    case 'driver_updated': {
      // Drivers are components of the host's installed image (devices carry no driver field).
      if (!host.installed) {
        throw new NotAllowed('host.no_installed_image', `host ${JSON.stringify(host.name)} has no installed image to update a driver in`, [
          host.name,
        ]);
      }
      out[hi] = { ...host, installed: { ...host.installed, components: { ...host.installed.components, [e.component]: e.version } } };
      return out;
    }
  }
  out[hi] = { ...host, devices };
  return out;
}

/** Replacing or adding one host (PUT /api/clusters/{c}/hosts/{h}). */
export function putHost(hosts: readonly Host[], host: Host): { hosts: Host[]; created: boolean } {
  const i = hosts.findIndex((h) => h.name === host.name);
  const out = [...hosts];
  if (i < 0) out.push(host);
  else out[i] = host;
  return { hosts: out, created: i < 0 };
}
