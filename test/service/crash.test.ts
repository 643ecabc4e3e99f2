// kill -9 during commits: every cluster's desired image must be the old or the new one — never
// torn, never lost once acknowledged — and the database must open cleanly. Twice: at the Store
// (a child committing in a tight loop, killed at random moments) and through the HTTP server.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/util/canonical-json.js';
import { SqliteStore } from '../../src/service/store/sqlite.js';
import { ROOT } from '../support/build.js';
import { startServer, type Server } from './server.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-crash-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function killAfter(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    setTimeout(() => child.kill('SIGKILL'), ms);
  });
}

describe('crash safety', () => {
  it('store: kill -9 at random moments leaves each desired image old or new', async () => {
    const dir = path.join(tmp, 'store');
    const lastDone = new Map<string, string>();
    const afterDone = new Map<string, Set<string>>(); // intents not yet acknowledged
    let commits = 0;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, [path.join(ROOT, 'test/service/fixtures/commit-loop.mjs'), dir, `r${round}`], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buf = '';
      let ready: () => void;
      const isReady = new Promise<void>((r) => (ready = r));
      child.stdout!.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const line of lines) {
          const [kind, c, hash] = line.split(' ');
          if (kind === 'ready') ready();
          else if (kind === 'intent') {
            if (!afterDone.has(c!)) afterDone.set(c!, new Set());
            afterDone.get(c!)!.add(hash!);
          } else if (kind === 'done') {
            lastDone.set(c!, hash!);
            afterDone.set(c!, new Set());
            commits++;
          }
        }
      });
      await isReady;
      await killAfter(child, 50 + Math.floor(Math.random() * 250));

      const store = new SqliteStore(dir);
      try {
        expect(store.integrityCheck()).toBe('ok');
        for (const row of await store.listClusters()) {
          const spec = JSON.parse(row.spec);
          expect(contentHash(spec)).toBe(row.specHash); // not torn
          const allowed = new Set([...(lastDone.has(row.name) ? [lastDone.get(row.name)!] : []), ...(afterDone.get(row.name) ?? [])]);
          if (allowed.size) expect(allowed.has(row.specHash)).toBe(true); // acknowledged, or the one in flight
        }
        expect(await store.listClusters()).toHaveLength(4);
      } finally {
        await store.close();
      }
    }
    expect(commits).toBeGreaterThan(20);
  }, 60_000);

  it('server: kill -9 during PUTs of the desired image, restart, the last acknowledged one or a later one is there', async () => {
    const dir = path.join(tmp, 'server');
    const w = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/worlds/world-a/cluster.json'), 'utf8'));
    let server: Server = await startServer(dir);
    try {
      expect((await server.put(`/api/clusters/${w.name}`, w)).status).toBe(201);
      let acked: string | undefined;
      const inFlight = new Set<string>();
      let stop = false;
      const writer = (async () => {
        for (let n = 0; !stop; n++) {
          const spec = { base_image: { version: `8.0.${n}` }, components: { [`c${n}`]: `1.${n}` } };
          const body = JSON.stringify(spec);
          inFlight.add(body);
          try {
            const res = await server.put(`/api/clusters/${w.name}/software`, spec);
            if (res.status === 200) {
              acked = body;
              inFlight.clear();
            }
          } catch {
            return; // the server died under us
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 300));
      await server.kill('SIGKILL');
      stop = true;
      await writer;
      expect(acked).toBeDefined();

      server = await startServer(dir);
      const got = JSON.stringify(await (await server.get(`/api/clusters/${w.name}/software`)).json());
      expect(got === acked || inFlight.has(got)).toBe(true);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 60_000);
});
