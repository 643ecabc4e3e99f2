// The API token kept in the data directory: the same across restarts, replaced only on request,
// readable by the owner alone.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { StrataService } from '../../src/service/service.js';
import { apiToken, TOKEN_FILE } from '../../src/service/token.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-token-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A service and app on `dataDir` as `strata serve` starts them; answers a write with `token`. */
async function start(dataDir: string, rotate = false) {
  const service = await StrataService.open({ dataDir, threads: 0 });
  const { token, source } = apiToken({ dataDir, rotate });
  const app = createApp(service, { token });
  const write = (t: string) =>
    Promise.resolve(app.request('/api/clusters/nope', { method: 'DELETE', headers: { authorization: `Bearer ${t}` } })).then(
      (r) => r.status,
    );
  return { service, token, source, write };
}

describe('API token', () => {
  it('is generated once into DATA/token (0600), then the same for every later start', async () => {
    const dir = path.join(tmp, 'a');
    const first = await start(dir);
    const second = await start(dir); // a second instance on the same data, as after a restart
    try {
      expect(first.source).toBe('generated');
      expect(second.source).toBe('stored');
      expect(second.token).toBe(first.token);
      expect(first.token.length).toBeGreaterThanOrEqual(32);
      // 404: past the guard, so the token was accepted; a wrong one is 401.
      expect(await second.write(first.token)).toBe(404);
      expect(await second.write(`${first.token}x`)).toBe(401);
      const file = path.join(dir, TOKEN_FILE);
      expect(fs.readFileSync(file, 'utf8').trim()).toBe(first.token);
      if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await first.service.close();
      await second.service.close();
    }
  });

  it('rotates on request: a new token, the old one refused, still 0600', async () => {
    const dir = path.join(tmp, 'b');
    const before = apiToken({ dataDir: dir });
    const rotated = await start(dir, true);
    try {
      expect(rotated.source).toBe('rotated');
      expect(rotated.token).not.toBe(before.token);
      expect(await rotated.write(before.token)).toBe(401);
      expect(await rotated.write(rotated.token)).toBe(404);
      expect(apiToken({ dataDir: dir }).token).toBe(rotated.token);
      if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, TOKEN_FILE)).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    } finally {
      await rotated.service.close();
    }
  });

  it('narrows a stored file with a wider mode; a given token writes nothing', () => {
    const dir = path.join(tmp, 'c');
    const { token } = apiToken({ dataDir: dir });
    const file = path.join(dir, TOKEN_FILE);
    fs.chmodSync(file, 0o644);
    expect(apiToken({ dataDir: dir }).token).toBe(token);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const other = path.join(tmp, 'd');
    expect(apiToken({ dataDir: other, given: 'mine' })).toEqual({ token: 'mine', source: 'given', file: undefined });
    expect(fs.existsSync(path.join(other, TOKEN_FILE))).toBe(false);
    expect(apiToken({ dataDir: ':memory:' }).file).toBeUndefined();
  });

  it('replaces an empty token file with a new token', () => {
    const dir = path.join(tmp, 'e');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, TOKEN_FILE), '\n', { mode: 0o600 });
    const t = apiToken({ dataDir: dir });
    expect(t.source).toBe('generated');
    expect(t.token).not.toBe('');
  });
});
