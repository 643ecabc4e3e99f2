// `strata serve` (the compiled one in dist/) as a child process for the load benches, and a world
// loaded into it over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../../dist/cli/commands/serve.js', import.meta.url));

/**
 * Starts `strata serve --port 0 --data DIR ARGS` on a throwaway data folder (named after `prefix`);
 * `stop()` ends the server and removes the folder.
 */
export async function startServeOnTempData(prefix: string, args: string[]): Promise<{ url: string; stop: () => void }> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const { child, url } = await startServe(['--port', '0', '--data', data, ...args]);
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Starts `strata serve ARGS` (give `--port 0`) and resolves with its URL once it listens. */
async function startServe(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `import(${JSON.stringify(SERVE)}).then((m) => m.serveCommand.run(process.argv.slice(1)))`, '--', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(out)));
  });
  return { child, url };
}

/** PUTs the depot and HCL of a world folder; returns its cluster document (not yet stored). */
export async function putWorldInputs(url: string, worldDir: string, token: string): Promise<any> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const read = (f: string) => fs.readFileSync(path.join(worldDir, f), 'utf8');
  await fetch(`${url}/api/depot`, { method: 'PUT', headers, body: read('depot.json') });
  await fetch(`${url}/api/hcl`, { method: 'PUT', headers, body: read('hcl.json') });
  return JSON.parse(read('cluster.json'));
}
