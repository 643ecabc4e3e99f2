// PostgreSQL schema, one entry per version, applied in order at start under an advisory lock
// (several nodes may start at once; the others wait, then find nothing left to do). Applied
// versions are kept in `strata_migrations`. Tables are prefixed so that the database can be
// shared with pg-boss (its own schema) and with other applications.
export const PG_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE SEQUENCE strata_revision_seq;
CREATE TABLE strata_inputs (
  kind TEXT PRIMARY KEY CHECK (kind IN ('depot', 'hcl')),
  hash TEXT NOT NULL, content TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE strata_clusters (
  name TEXT PRIMARY KEY, hosts TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE strata_desired (
  cluster TEXT PRIMARY KEY REFERENCES strata_clusters(name) ON DELETE CASCADE,
  spec TEXT NOT NULL, hash TEXT NOT NULL, revision BIGINT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE strata_recommendations (
  cluster TEXT PRIMARY KEY REFERENCES strata_clusters(name) ON DELETE CASCADE,
  record TEXT NOT NULL, generated_at TEXT NOT NULL);
CREATE TABLE strata_events (
  id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, cluster TEXT, body TEXT NOT NULL);
`,
  },
];

/** Key of the advisory lock that serialises migrations across nodes (any fixed 64-bit number). */
export const MIGRATION_LOCK = 7_246_913_150_021;
