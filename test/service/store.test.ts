// The Store: WAL mode, revisions that never repeat, If-Match in the same transaction, hashes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/util/canonical-json.js';
import { RevisionMismatch, Store } from '../../src/service/store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-store-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('hash', () => {
  it('ignores key order, not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
  });
});

describe('Store', () => {
  it('persists in WAL mode with revisions that never repeat', () => {
    const dir = path.join(tmp, 'a');
    let s = new Store(dir);
    expect(String(s.db.pragma('journal_mode', { simple: true }))).toBe('wal');
    const spec = (v: string) => JSON.stringify({ base_image: { version: v } });
    const r1 = s.putCluster('c', '[]', spec('1'), 'h1');
    expect(r1).toMatchObject({ created: true, desiredChanged: true });
    expect(s.putCluster('c', '[]', spec('1'), 'h1')).toMatchObject({ created: false, desiredChanged: false, revision: r1.revision });
    const r2 = s.commitDesired('c', spec('2'), 'h2', r1.revision);
    expect(r2.revision).toBeGreaterThan(r1.revision);
    expect(() => s.commitDesired('c', spec('3'), 'h3', r1.revision)).toThrow(RevisionMismatch);
    s.deleteCluster('c');
    const r3 = s.putCluster('c', '[]', spec('1'), 'h1');
    expect(r3.revision).toBeGreaterThan(r2.revision); // an old ETag cannot match a new cluster
    s.close();
    s = new Store(dir);
    expect(s.getCluster('c')).toMatchObject({ revision: r3.revision, specHash: 'h1' });
    expect(s.integrityCheck()).toBe('ok');
    s.close();
  });

  it('logs events with host changes and drops recommendations of deleted clusters', () => {
    const s = new Store(':memory:');
    s.putCluster('c', '[]', '{}', 'h');
    const id = s.putHosts('c', '[{"name":"x"}]', { type: 'host_added', body: '{}' });
    expect(s.recentEvents(1)[0]).toMatchObject({ id, type: 'host_added', cluster: 'c' });
    s.putRecommendation('c', '{"r":1}', 'now');
    expect(s.getRecommendation('c')).toBe('{"r":1}');
    s.deleteCluster('c');
    expect(s.getRecommendation('c')).toBeUndefined();
    s.putRecommendation('c', '{"r":2}', 'now'); // a solve that ended after the delete
    expect(s.getRecommendation('c')).toBeUndefined();
    s.close();
  });
});
