// "Did you mean": the known name a few edits away, and none when two are as close or all are far.
import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/util/similar.js';

const OPS = ['add_host', 'remove_host', 'add_device', 'remove_device', 'set_firmware', 'set_desired'];

describe('closestName', () => {
  it('finds a name one or two edits away', () => {
    expect(closestName('set_firmwar', OPS)).toBe('set_firmware');
    expect(closestName('set_frimware', OPS)).toBe('set_firmware'); // two letters swapped: one edit
    expect(closestName('remove_hots', OPS)).toBe('remove_host');
    expect(closestName('ad_device', OPS)).toBe('add_device');
  });

  it('gives none when nothing is close, or two names are as close', () => {
    expect(closestName('drivers', OPS)).toBeUndefined();
    expect(closestName('set_desire', ['set_desired', 'set_desires'])).toBeUndefined();
    // short words allow one edit only
    expect(closestName('hots', ['host', 'hoots'])).toBeUndefined();
    expect(closestName('hots', ['host'])).toBe('host');
    expect(closestName('hxyt', ['host'])).toBeUndefined();
  });
});
