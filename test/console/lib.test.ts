// The console's pure pieces, without a browser: the event-stream parser, causes in words, and the
// rows that put the desired image next to the recommendations.
import { describe, expect, it } from 'vitest';
import { causesWords, parseSse } from '../../src/console/lib/events.js';
import { differs, imageRows } from '../../src/console/lib/image.js';
import type { Image } from '../../src/model/types.js';

describe('parseSse', () => {
  it('emits whole messages and keeps the unfinished rest, across chunks and CRLF', () => {
    const got: [string, string][] = [];
    const emit = (e: string, d: string) => got.push([e, d]);
    let rest = parseSse('event: ready\ndata: {"clusters":[]}\n\n: keep-alive\n\nevent: recommendations\r\nid: 3\r\ndata: {"a"', emit);
    expect(got).toEqual([['ready', '{"clusters":[]}']]);
    rest = parseSse(`${rest}:1}\r\n\r\n`, emit);
    expect(rest).toBe('');
    expect(got[1]).toEqual(['recommendations', '{"a":1}']);
    expect(got).toHaveLength(2);
  });
});

describe('causesWords', () => {
  it('names the change, the host and the device, once each', () => {
    const at = '2026-01-01T00:00:00Z';
    const e = {
      type: 'recommendations' as const,
      cluster: 'c',
      causes: [
        { type: 'firmware_updated', host: 'esx-05', device: 'vmnic0', at },
        { type: 'firmware_updated', host: 'esx-05', device: 'vmnic0', at },
        { type: 'recommendation_accepted:latest', at },
      ],
      dropped_causes: 2,
    };
    expect(causesWords(e)).toBe('firmware updated on esx-05 (vmnic0), recommendation latest accepted and 2 more');
    expect(causesWords({ type: 'stale', cluster: 'c', cause: { type: 'depot_changed', at } })).toBe('depot changed');
  });
});

describe('imageRows', () => {
  const image = (base: string, components: Record<string, string>): Image => ({
    base_image: { version: base },
    add_on: { name: 'DEL-ESXi', version: '2' },
    hardware_support: null,
    solutions: {},
    components,
  });

  it('puts every layer in a row and marks what differs from the desired image', () => {
    const desired = { base_image: { version: '8.0.2' }, add_on: { name: 'DEL-ESXi', version: '1' }, components: { a: null, b: '1.0' } };
    const rows = imageRows(desired, [image('8.0.3', { a: '2.0', b: '1.0' }), null, image('8.0.2', { a: '1.0', b: '1.1' })]);
    expect(rows.map((r) => r.layer)).toEqual(['Base image', 'Add-on', 'Hardware support', 'Component a', 'Component b']);
    const base = rows[0]!;
    expect(base.values).toEqual(['8.0.3', undefined, '8.0.2']);
    expect(base.values.map((v) => differs(base.desired, v))).toEqual([true, false, false]);
    // A free choice ("any") made concrete differs (accepting pins it), as does another pinned version.
    const a = rows[3]!;
    expect(a.desired).toBe('any');
    expect(a.values.map((v) => differs(a.desired, v))).toEqual([true, false, true]);
    const b = rows[4]!;
    expect(b.values.map((v) => differs(b.desired, v))).toEqual([false, false, true]);
    expect(differs('—', 'DEL-ESXi 2')).toBe(true);
  });
});
