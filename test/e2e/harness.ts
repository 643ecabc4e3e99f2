// End-to-end harness: Debian's Chromium driven by playwright-core (never a downloaded browser),
// and `strata serve` as a child process on a free port with a fresh data directory, loaded over
// the API. Without Chromium (or without a build) the tests skip with a notice, unless CI=true:
// then they fail, so CI cannot pass without having run them.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = path.join(ROOT, 'test/e2e/screenshots');
export const TOKEN = 'e2e-token-0123456789';
const CHROMIUM = process.env.STRATA_CHROMIUM ?? '/usr/bin/chromium';
const BUILT = ['dist/cli/main.js', 'dist/console/index.html', 'dist/console/assets/app.js'].map((f) => path.join(ROOT, f));

/** Why the end-to-end tests cannot run here, or undefined when they can. */
function missing(): string | undefined {
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set STRATA_CHROMIUM)`;
  const notBuilt = BUILT.filter((f) => !fs.existsSync(f));
  if (notBuilt.length) return `not built (${notBuilt.map((f) => path.relative(ROOT, f)).join(', ')}): run npm run build`;
  return undefined;
}

const why = missing();
if (why && process.env.CI === 'true') throw new Error(`end-to-end tests cannot run under CI=true: ${why}`);
if (why) console.warn(`\n  NOTE: skipping the browser end-to-end tests: ${why}\n`);
/** true when the tests must be skipped (a notice has been printed). */
export const skipE2e = why !== undefined;

export interface Server {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  /** request to the server with the token */
  api(method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts `strata serve` on a free 127.0.0.1 port (--port 0, read back from its output). */
export async function startServer(): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-e2e-'));
  const proc = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/strata.js'),
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data',
      dataDir,
      '--token',
      TOKEN,
      '--threads',
      '1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`strata serve did not start in 30 s:\n${out}`)), 30_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', read);
    proc.stderr!.on('data', read);
    proc.on('exit', (code) => reject(new Error(`strata serve exited (${code}):\n${out}`)));
  });
  const api = (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(url + p, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const stop = async () => {
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, dataDir, proc, api, stop };
}

export function fixtureWorld(name: string) {
  const dir = path.join(ROOT, 'test/fixtures/worlds', name);
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  return { depot: read('depot.json'), hcl: read('hcl.json'), cluster: read('cluster.json'), expected: read('expected.json') };
}

/** PUTs a body and fails loudly when the server refuses it. */
export async function put(server: Server, p: string, body: unknown): Promise<void> {
  const res = await server.api('PUT', p, body);
  if (!res.ok) throw new Error(`PUT ${p}: ${res.status} ${await res.text()}`);
}

/**
 * Loads a world over the API (depot, HCL, then each cluster) and waits for every cluster's
 * recommendation; returns them by cluster name.
 */
export async function loadWorld(
  server: Server,
  world: { depot: unknown; hcl: unknown },
  clusters: Record<string, unknown>[],
): Promise<Map<string, Record<string, unknown>>> {
  await put(server, '/api/depot', world.depot);
  await put(server, '/api/hcl', world.hcl);
  for (const c of clusters) await put(server, `/api/clusters/${c.name}`, c);
  const recs = new Map<string, Record<string, unknown>>();
  for (const c of clusters) {
    const name = String(c.name);
    recs.set(name, await (await server.api('GET', `/api/clusters/${name}/software/recommendations?wait=60000`)).json());
  }
  return recs;
}

/** A browser with a fresh profile (removed at close). */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const PHONE = { width: 390, height: 844 };

/** Full-page screenshots at 1280×800 and at phone width, to the ignored screenshots folder. */
export async function screenshots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}
