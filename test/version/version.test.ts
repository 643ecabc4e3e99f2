// SPEC §1: the listed vectors, and compare as a total order on random versions.
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  isVersion,
  parseVersion,
  prefixMatches,
  satisfies,
  seriesOf,
  sortByVersion,
  versionKey,
  versionsEqual,
} from '../../src/version/version.js';
import { Rng } from '../support/random-world.js';

const chains = [
  ['8.0.2-0.0.22380479', '8.0.2-0.30.23305546', '8.0.2-0.40.23825572', '8.0.3-0.70.24674464'],
  ['1.14-1vmw.803.0.0.75399077', '1.15-1vmw.900.0.84947163'],
  ['802.0.0.11.4.0-14', '803.0.0.11.5.0-6'],
  ['7.0.2', '7.0.10'],
  ['A00', 'A01', 'B00'],
  ['2.5.2.0-1OEM.800.1.0.20613240', '2.5.2.0-1vmw.800.1.0.20613240'],
  ['8.0', '8.0.0'],
];

describe('SPEC §1 vectors', () => {
  it.each(chains.map((c) => [c.join(' < '), c]))('%s', (_, chain) => {
    for (let i = 0; i < chain.length; i++) {
      for (let j = 0; j < chain.length; j++) {
        expect(Math.sign(compareVersions(chain[i]!, chain[j]!)), `${chain[i]} vs ${chain[j]}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('1.0 and 1.00 are the same version; leading zeros are ignored', () => {
    expect(compareVersions('1.0', '1.00')).toBe(0);
    expect(versionKey('1.0')).toBe(versionKey('1.00'));
    expect(versionsEqual('007.2000', '7.2000')).toBe(true);
  });

  it('digits before non-digits; non-digits by code unit; integers of any size', () => {
    expect(compareVersions('1.0a', '1.0.a')).toBeGreaterThan(0); // segment [0, a] vs [0]: the shorter is smaller
    expect(compareVersions('1.5', '1.a')).toBeLessThan(0);
    expect(compareVersions('1.OEM', '1.vmw')).toBeLessThan(0);
    expect(compareVersions('99999999999999999999999', '100000000000000000000000')).toBeLessThan(0);
  });

  it('release compares after version', () => {
    expect(compareVersions('8.0.2', '8.0.2-1')).toBeLessThan(0);
    expect(compareVersions('8.0.2-9', '8.0.3-1')).toBeLessThan(0);
  });

  it('prefix match', () => {
    expect(prefixMatches('8.0.2', '8.0.2-0.30.23305546')).toBe(true);
    expect(prefixMatches('8.0', '8.0.3-0.70.24674464')).toBe(true);
    expect(prefixMatches('8.0.2', '8.0.20-1')).toBe(false);
    expect(prefixMatches('8.0.2', '8.0.2')).toBe(true);
    expect(prefixMatches('8.0.2-0', '8.0.2-0.30.1')).toBe(true);
    expect(prefixMatches('8.0.2', '8.0.1')).toBe(false);
  });

  it('series is the first two segments of the version part', () => {
    expect(seriesOf('8.0.3-0.70.24674464')).toBe('8.0');
    expect(seriesOf('7.0.3')).toBe('7.0');
    expect(seriesOf('9')).toBe('9');
    // dots of the release part are not the version's
    expect(seriesOf('7-1.2')).toBe('7');
    expect(seriesOf('7.0-1.2.3')).toBe('7.0');
    expect(seriesOf('8.0.2.1-5')).toBe('8.0');
  });

  it('relations', () => {
    expect(satisfies('8.0.2', '>=', '8.0.2')).toBe(true);
    expect(satisfies('8.0.2', '>>', '8.0.2')).toBe(false);
    expect(satisfies('8.0.1', '<<', '8.0.2')).toBe(true);
    expect(satisfies('8.0.10', '<=', '8.0.9')).toBe(false);
    expect(satisfies('1.00', '=', '1.0')).toBe(true);
  });

  it('compares a bound without a release part with the version part only', () => {
    expect(satisfies('7.0.0-1.0.15843807', '=', '7.0.0')).toBe(true);
    expect(satisfies('8.0.2-0.30.23305546', '<=', '8.0.2')).toBe(true);
    expect(satisfies('8.0.2-0.30.23305546', '<<', '8.0.2')).toBe(false);
    expect(satisfies('8.0.2-0.30.23305546', '>>', '8.0.2')).toBe(false);
    expect(satisfies('8.0.3-0.1', '>>', '8.0.2')).toBe(true);
    expect(satisfies('7.0.0-1.0.15843807', '>=', '7.0.0-1.0')).toBe(true);
    expect(satisfies('7.0.0-0.9', '>=', '7.0.0-1.0')).toBe(false);
    expect(satisfies('7.0.0', '=', '7.0.0-1.0')).toBe(false);
    expect(satisfies('anything-1', undefined, undefined)).toBe(true);
  });

  it('rejects what is not a version', () => {
    for (const bad of ['', ' ', '1..2', '1.', '.1', '1-', '8.0 U2', '1.0\n']) expect(parseVersion(bad), JSON.stringify(bad)).toBeNull();
    for (const good of ['1', 'A00', '8.0.2-0.0.22380479', '2.5-1OEM', '1.0-a-b']) expect(parseVersion(good)).not.toBeNull();
  });
});

function randomVersion(r: Rng): string {
  const seg = () => {
    const n = r.int(1, 3);
    let s = '';
    for (let i = 0; i < n; i++)
      s += r.chance(0.7) ? String(r.int(0, 12)).padStart(r.chance(0.1) ? 3 : 1, '0') : r.pick(['a', 'b', 'OEM', 'vmw', 'U']);
    return s;
  };
  const part = () => Array.from({ length: r.int(1, 4) }, seg).join('.');
  return r.chance(0.5) ? `${part()}-${part()}` : part();
}

describe('compare is a total order (property, seeded)', () => {
  const r = new Rng(20261124);
  const versions = Array.from({ length: 300 }, () => randomVersion(r));

  it('antisymmetric and consistent with equality', { timeout: 60_000 }, () => {
    for (const a of versions) {
      expect(compareVersions(a, a)).toBe(0);
      for (const b of versions) {
        const ab = Math.sign(compareVersions(a, b));
        expect(Math.sign(compareVersions(b, a)) + ab, `${a} vs ${b}`).toBe(0);
        expect(ab === 0, `${a} vs ${b}`).toBe(versionKey(a) === versionKey(b));
      }
    }
  });

  it('transitive', { timeout: 60_000 }, () => {
    const sample = versions.slice(0, 80);
    for (const a of sample)
      for (const b of sample)
        for (const c of sample) {
          if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0)
            expect(compareVersions(a, c), `${a} ${b} ${c}`).toBeLessThanOrEqual(0);
        }
  });

  it('sorting is stable under shuffling', () => {
    const sorted = [...versions].sort(compareVersions);
    const shuffled = [...versions].sort(() => r.float() - 0.5).sort(compareVersions);
    expect(shuffled.map(versionKey)).toEqual(sorted.map(versionKey));
  });

  it('prefix match agrees with its definition; a version is in its own series', () => {
    for (const v of versions) {
      expect(prefixMatches(v, v)).toBe(true);
      for (const cut of [1, 2, 3, v.length - 1]) {
        const p = v.slice(0, cut);
        const expected = v === p || (v.startsWith(p) && (v[p.length] === '.' || v[p.length] === '-'));
        expect(prefixMatches(p, v), `${p} ~ ${v}`).toBe(expected);
      }
      const series = seriesOf(v);
      expect(prefixMatches(series, v)).toBe(true);
    }
  });
});

describe('isVersion agrees with parseVersion (property, seeded)', () => {
  it('on random strings over the characters that matter', () => {
    const rng = new Rng(13);
    const alphabet = ['0', '1', '9', 'a', 'Z', '.', '-', '-', '.', ' ', '\t', '~', '\u00e9', '\u007f'];
    for (let k = 0; k < 5000; k++) {
      let s = '';
      const n = rng.int(0, 8);
      for (let i = 0; i < n; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
      expect(isVersion(s), JSON.stringify(s)).toBe(parseVersion(s) !== null);
    }
  });

  it.each(['8.0.2-0.0.22380479', '1-2-', '1-', '-1', '1.-2', '1-.2', '1..2', '.1', '1.', 'A00', '1 2', ''])('%j', (s) => {
    expect(isVersion(s)).toBe(parseVersion(s) !== null);
  });
});

describe('versionKey', () => {
  it.each([
    ['1.0', '1.0'],
    ['01.00-007', '1.0-7'],
    ['8.0.2-0.0.22380479', '8.0.2-0.0.22380479'],
    ['A01.0b02', 'A1.0b2'],
    ['1-0-01', '1-0-1'],
  ])('%s → %s', (text, key) => {
    expect(versionKey(text)).toBe(key);
  });

  it('refuses what is not a version', () => {
    expect(() => versionKey('1..2')).toThrow(/not a version/);
    expect(() => versionKey('01..2')).toThrow(/not a version/);
  });
});

/**
 * SPEC §1 read literally, token list against token list: the reference the order spellings of
 * src/version/version.ts are checked against.
 */
function referenceCompare(a: string, b: string): number {
  const split = (v: string) => {
    const dash = v.indexOf('-');
    const parts = dash < 0 ? [v, ''] : [v.slice(0, dash), v.slice(dash + 1)];
    return parts.map((p) => (p === '' ? [] : p.split('.').map((seg) => seg.match(/[0-9]+|[^0-9]+/g)!)));
  };
  const token = (x: string, y: string) => {
    const dx = /^[0-9]/.test(x);
    const dy = /^[0-9]/.test(y);
    if (dx && dy) {
      const bx = BigInt(x);
      const by = BigInt(y);
      return bx < by ? -1 : bx > by ? 1 : 0;
    }
    if (dx !== dy) return dx ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const list = <T>(x: T[], y: T[], cmp: (p: T, q: T) => number) => {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = cmp(x[i]!, y[i]!);
      if (c) return c;
    }
    return Math.sign(x.length - y.length);
  };
  const segments = (x: string[][], y: string[][]) => list(x, y, (p, q) => list(p, q, token));
  const [av, ar] = split(a);
  const [bv, br] = split(b);
  return segments(av!, bv!) || segments(ar!, br!);
}

describe('the order agrees with SPEC §1 read literally (property, seeded)', () => {
  const r = new Rng(20261126);
  const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? r.int(1, 9) : r.int(0, 9))).join('');
  const token = () =>
    r.pick([
      () => String(r.int(0, 12)),
      () => `0${r.int(0, 99)}`,
      () => digits(r.int(14, 40)),
      () => r.pick(['a', 'b', 'ab', 'OEM', 'vmw', 'U', '~', '_']),
    ])();
  const segment = () => {
    // runs alternate: digits then letters, or letters then digits
    let s = '';
    let digit = r.chance(0.7);
    for (let i = r.int(1, 3); i > 0; i--, digit = !digit) {
      let t = token();
      while (/^[0-9]/.test(t) !== digit) t = token();
      s += t;
    }
    return s;
  };
  const part = () => Array.from({ length: r.int(1, 4) }, segment).join('.');
  const versions = Array.from({ length: 400 }, () => (r.chance(0.5) ? `${part()}-${part()}` : part()));
  // digit runs longer than the order spelling's one-unit lengths, and prefixes of one another
  const long = `1.${'9'.repeat(0xf000)}`;
  versions.push(
    long,
    `1.1${'0'.repeat(0xf000)}`,
    `1.${'9'.repeat(0xefff)}`,
    `${long}a`,
    `${long}-1`,
    '1',
    '1-1',
    '1.0',
    '1.0-0',
    '1.a',
    '1a',
    '1-a-b',
    '1-a-1',
    '1-a',
  );

  it('compareVersions', { timeout: 60_000 }, () => {
    for (const a of versions)
      for (const b of versions) {
        const what = `${a.slice(0, 40)} vs ${b.slice(0, 40)}`;
        expect(Math.sign(compareVersions(a, b)), what).toBe(referenceCompare(a, b));
      }
  });

  it('satisfies with a bound without a release part compares version parts alone', () => {
    for (const v of versions.slice(0, 150))
      for (const bound of versions.slice(0, 150)) {
        if (bound.includes('-')) continue;
        const c = referenceCompare(v.split('-')[0]!, bound);
        expect(satisfies(v, '<<', bound), `${v} << ${bound}`).toBe(c < 0);
        expect(satisfies(v, '=', bound), `${v} = ${bound}`).toBe(c === 0);
      }
  });

  it('sortByVersion sorts in place, stably, as a sort with the reference does', () => {
    const items = versions.map((version, i) => ({ version, i }));
    const expected = [...items].sort((x, y) => referenceCompare(x.version, y.version) || x.i - y.i);
    const got = sortByVersion([...items].reverse().sort((x, y) => x.i - y.i));
    expect(got.map((x) => x.i)).toEqual(expected.map((x) => x.i));
    const sorted = expected.map((x) => ({ ...x }));
    expect(sortByVersion(sorted).map((x) => x.i)).toEqual(expected.map((x) => x.i));
  });
});
