// The SQLite store: the shared contract, plus what is SQLite's own (WAL mode, integrity check,
// databases made before versioned migrations).
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/util/canonical-json.js';
import { SqliteStore } from '../../src/service/store/sqlite.js';
import { storeContract } from './store-contract.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-store-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;

storeContract(
  'SQLite',
  async () => path.join(tmp, `c${++n}`),
  async (dir) => new SqliteStore(dir),
);

describe('hash', () => {
  it('ignores key order, not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
  });
});

describe('SqliteStore', () => {
  it('runs in WAL mode and passes its integrity check', async () => {
    const s = new SqliteStore(path.join(tmp, 'wal'));
    await s.putCluster('c', '[]', '{}', 'h');
    expect(String(s.db.pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(s.integrityCheck()).toBe('ok');
    await s.close();
  });

  it('opens a database made before versioned migrations and keeps its revisions', async () => {
    const dir = path.join(tmp, 'old');
    fs.mkdirSync(dir);
    const db = new Database(path.join(dir, 'strata.db'));
    // The schema as the first release made it: version "1" in meta, the counter at 41.
    db.exec(
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '1'), ('revision_seq', '41');" +
        'CREATE TABLE clusters (name TEXT PRIMARY KEY, hosts TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);' +
        'CREATE TABLE desired (cluster TEXT PRIMARY KEY REFERENCES clusters(name) ON DELETE CASCADE, spec TEXT NOT NULL, hash TEXT NOT NULL, revision INTEGER NOT NULL, updated_at TEXT NOT NULL);' +
        'CREATE TABLE inputs (kind TEXT PRIMARY KEY, hash TEXT NOT NULL, content TEXT NOT NULL, updated_at TEXT NOT NULL);' +
        'CREATE TABLE recommendations (cluster TEXT PRIMARY KEY, record TEXT NOT NULL, generated_at TEXT NOT NULL);' +
        'CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, type TEXT NOT NULL, cluster TEXT, body TEXT NOT NULL);',
    );
    db.close();
    const s = new SqliteStore(dir);
    expect((await s.putCluster('c', '[]', '{}', 'h')).revision).toBe(42);
    await s.close();
  });
});
