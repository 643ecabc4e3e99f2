// SPEC §3.5 compliance per host, on a small hand-made depot.
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { clusterCompliance, hostCompliance, type DesiredImage } from '../../src/image/compliance.js';
import type { Component, Depot, Host } from '../../src/model/types.js';

const comp = (name: string, version: string, reboot_required: boolean): Component => ({
  name,
  version,
  depends: [],
  conflicts: [],
  provides: [],
  reboot_required,
});

const depot: Depot = {
  components: [
    comp('esx-base', '8.0.1', true),
    comp('esx-base', '8.0.2', true),
    comp('drv', '1.0', false),
    comp('drv', '2.0', false),
    comp('kmod', '1.0', true),
    comp('kmod', '1.1', true),
  ],
  base_images: [
    { version: '8.0.1', components: { 'esx-base': '8.0.1', drv: '1.0' } },
    { version: '8.0.2', components: { 'esx-base': '8.0.2', drv: '1.0' } },
  ],
  add_ons: [],
  hardware_support_packages: [],
  solutions: [],
};
const catalog = new Catalog(depot, { releases: [], servers: [], devices: [] });

const host = (name: string, installed?: Host['installed']): Host => {
  const h: Host = { name, vendor: 'V', model: 'M', family: 'F', devices: [] };
  if (installed) h.installed = installed;
  return h;
};
const on801 = (components: Record<string, string> = {}) => ({ base_image: { version: '8.0.1' }, components });
const desired = (base: string, components: Record<string, string>, errors: DesiredImage['errors'] = []): DesiredImage => ({
  base,
  components,
  errors,
});

describe('hostCompliance', () => {
  it('is COMPLIANT with no impact when the installed image equals the desired one', () => {
    const r = hostCompliance(catalog, host('h', on801()), desired('8.0.1', { 'esx-base': '8.0.1', drv: '1.00' }));
    expect(r).toMatchObject({ status: 'COMPLIANT', impact: 'NO_IMPACT', components: [] });
  });

  it('needs maintenance mode only for a change without reboot_required', () => {
    const r = hostCompliance(catalog, host('h', on801()), desired('8.0.1', { 'esx-base': '8.0.1', drv: '2.0' }));
    expect(r).toMatchObject({ status: 'NON_COMPLIANT', impact: 'MAINTENANCE_MODE_REQUIRED' });
    expect(r.components).toEqual([{ name: 'drv', installed: '1.0', desired: '2.0', change: 'UPGRADED', reboot_required: false }]);
  });

  it('needs a reboot for a new base image or a reboot_required component', () => {
    expect(hostCompliance(catalog, host('h', on801()), desired('8.0.2', { 'esx-base': '8.0.2', drv: '1.0' })).impact).toBe(
      'REBOOT_REQUIRED',
    );
    const added = hostCompliance(catalog, host('h', on801()), desired('8.0.1', { 'esx-base': '8.0.1', drv: '1.0', kmod: '1.0' }));
    expect(added).toMatchObject({ status: 'NON_COMPLIANT', impact: 'REBOOT_REQUIRED' });
    const removed = hostCompliance(catalog, host('h', on801({ kmod: '1.0' })), desired('8.0.1', { 'esx-base': '8.0.1', drv: '1.0' }));
    expect(removed.components[0]).toMatchObject({ name: 'kmod', change: 'REMOVED', reboot_required: true });
  });

  it('is INCOMPATIBLE when the desired image would downgrade', () => {
    const comp = hostCompliance(catalog, host('h', on801({ drv: '2.0' })), desired('8.0.1', { 'esx-base': '8.0.1', drv: '1.0' }));
    expect(comp.status).toBe('INCOMPATIBLE');
    expect(comp.components[0]!.change).toBe('DOWNGRADED');
    const base = hostCompliance(
      catalog,
      host('h', { base_image: { version: '8.0.2' }, components: {} }),
      desired('8.0.1', { 'esx-base': '8.0.1', drv: '1.0' }),
    );
    expect(base.status).toBe('INCOMPATIBLE');
  });

  it('is INCOMPATIBLE when the image is invalid on this host (not when only on another)', () => {
    const err = { code: 'SERVER_NOT_CERTIFIED' as const, host: 'h', message: 'x' };
    const want = desired('8.0.2', { 'esx-base': '8.0.2', drv: '1.0' }, [err]);
    expect(hostCompliance(catalog, host('h', on801()), want).status).toBe('INCOMPATIBLE');
    expect(hostCompliance(catalog, host('other', on801()), want).status).toBe('NON_COMPLIANT');
    const software = desired('8.0.2', { 'esx-base': '8.0.2', drv: '1.0' }, [{ code: 'CONFLICT', item: 'drv@1.0', message: 'x' }]);
    expect(hostCompliance(catalog, host('other', on801()), software).status).toBe('INCOMPATIBLE');
  });

  it('is UNAVAILABLE without an installed image', () => {
    expect(hostCompliance(catalog, host('h'), desired('8.0.1', {})).status).toBe('UNAVAILABLE');
  });
});

describe('clusterCompliance', () => {
  it('takes the worst host status and the largest impact', () => {
    const cluster = {
      name: 'c',
      hosts: [host('a', on801()), host('b', on801({ drv: '2.0' })), host('n')],
      desired: { base_image: { version: '8.0.1' } },
    };
    const report = {
      valid: true,
      effective_components: {
        'esx-base': { version: '8.0.1', source: 'BASE_IMAGE' as const },
        drv: { version: '1.0', source: 'BASE_IMAGE' as const },
      },
      errors: [],
    };
    const r = clusterCompliance(catalog, cluster, report);
    expect(r.hosts.map((h) => h.status)).toEqual(['COMPLIANT', 'INCOMPATIBLE', 'UNAVAILABLE']);
    expect(r.status).toBe('INCOMPATIBLE');
    expect(r.impact).toBe('REBOOT_REQUIRED');
  });
});
