// Change events of POST /api/events (docs/api.md): checked by their schema like every other input
// (problems name the JSON path), then applied to a cluster's hosts as a pure function.
import { collecting } from '../load/check.js';
import { uniqueDeviceIds } from '../load/cluster.js';
import type { Host } from '../model/types.js';
import { compile } from '../schema/compile.js';
import { ChangeEventSchema, type ChangeEventInput } from '../schema/api.js';
import { AlreadyExists, NotAllowed, NotFound } from './errors.js';

/** A change event, as src/schema/api.ts describes it. */
export type ChangeEvent = ChangeEventInput;

const checkEvent = compile(ChangeEventSchema);

/** `file` and `path` name the event in messages: "body" and "$" for a single event, "body" and "$[3]" in a batch. */
export function parseEvent(value: unknown, file = 'body', path = '$'): ChangeEvent {
  return collecting(file, (c) => {
    const e = checkEvent(c, value, path);
    // the second pass of a host read whole: its device ids are unique
    if (e?.type === 'host_added') uniqueDeviceIds(c, e.host, `${path}.host`);
    return e as ChangeEvent; // undefined only after a problem was recorded, so collecting() throws
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
