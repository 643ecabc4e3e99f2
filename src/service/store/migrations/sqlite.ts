// SQLite schema, one entry per version. Applied in order at start; the version is kept in
// `meta.schema_version`. Version 1 is the schema the store has had since its first release
// (CREATE IF NOT EXISTS, so databases made before versioned migrations upgrade in place).
export const SQLITE_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
  kind TEXT PRIMARY KEY CHECK (kind IN ('depot', 'hcl')),
  hash TEXT NOT NULL, content TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clusters (
  name TEXT PRIMARY KEY, hosts TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS desired (
  cluster TEXT PRIMARY KEY REFERENCES clusters(name) ON DELETE CASCADE,
  spec TEXT NOT NULL, hash TEXT NOT NULL, revision INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS recommendations (
  cluster TEXT PRIMARY KEY REFERENCES clusters(name) ON DELETE CASCADE,
  record TEXT NOT NULL, generated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, type TEXT NOT NULL, cluster TEXT, body TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('revision_seq', '0');
`,
  },
];
