// Mistakes of the user (exit 2, a message, no stack trace), --help, and the installed launcher.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../support/run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/worlds/', import.meta.url));
const dell = path.join(root, 'examples', 'dell-r750');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('usage errors exit 2 with a message and no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['validate', '--world', dell, '--frobnicate'], /unknown option --frobnicate/],
    ['no inputs at all', ['recommend'], /missing --depot, --hcl and --cluster[\s\S]*Example: strata recommend --world examples\//],
    [
      'a missing --depot',
      ['validate', '--hcl', `${dell}/hcl.json`, '--cluster', `${dell}/cluster.json`],
      /missing --depot \(or --world DIR/,
    ],
    ['a bad --engine', ['recommend', '--world', dell, '--engine', 'cplex'], /unknown engine "cplex": choose one of wasm, minisat, z3/],
    ['a non-numeric --limit', ['enumerate', '--world', dell, '--limit', 'ten'], /--limit must be an integer >= 0, got "ten"/],
    ['a negative --limit', ['enumerate', '--world', dell, '--limit', '-1'], /--limit must be an integer >= 0/],
    ['--limit on another command', ['validate', '--world', dell, '--limit', '3'], /unknown option --limit/],
    ['a --world that is no directory', ['validate', '--world', path.join(tmp, 'nowhere')], /--world .*nowhere: no such directory/],
    ['a stray argument', ['validate', dell], /unexpected argument/],
    ['an option without its value', ['validate', '--world'], /--world needs a value/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toContain(`See: strata ${argv[0]} --help`);
      expect(r.out).toBe('');
      noStack(r.err);
    });
  }
});

describe('bad input files exit 2 naming the file and the JSON path', () => {
  it('a wrong type in the depot', async () => {
    const dir = path.join(tmp, 'bad-depot');
    fs.mkdirSync(dir);
    for (const f of ['hcl.json', 'cluster.json']) fs.copyFileSync(path.join(dell, f), path.join(dir, f));
    const depot = JSON.parse(fs.readFileSync(path.join(dell, 'depot.json'), 'utf8'));
    depot.base_images[2].version = 802;
    fs.writeFileSync(path.join(dir, 'depot.json'), JSON.stringify(depot));
    const r = await run('recommend', '--world', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${path.join(dir, 'depot.json')}: $.base_images[2].version:`);
    noStack(r.err);
  });

  it('malformed JSON and a missing file, reported together', async () => {
    const dir = path.join(tmp, 'broken');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(dell, 'depot.json'), path.join(dir, 'depot.json'));
    fs.writeFileSync(path.join(dir, 'hcl.json'), '{"releases": [}');
    const r = await run('validate', '--world', dir, '--json');
    expect(r.code).toBe(2);
    expect(r.err).toContain(path.join(dir, 'hcl.json'));
    expect(r.err).toContain(`${path.join(dir, 'cluster.json')}: $: file not found`);
    expect(r.out).toBe('');
    noStack(r.err);
  });

  it('a file given with --cluster replaces the one of --world', async () => {
    const r = await run('validate', '--world', dell, '--cluster', path.join(fixtures, 'world-a', 'hcl.json'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(path.join(fixtures, 'world-a', 'hcl.json'));
  });
});

describe('--help', () => {
  for (const command of ['validate', 'recommend', 'enumerate']) {
    it(`${command} --help teaches the command`, async () => {
      const r = await run(command, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`strata ${command}`);
      expect(r.out).toContain(`--world examples/`);
      for (const flag of ['--depot', '--hcl', '--cluster', '--world', '--engine', '--json']) expect(r.out).toContain(flag);
      expect(r.out).toMatch(/Exit codes:/);
      expect(r.out).toMatch(/Output:/);
      if (command === 'enumerate') expect(r.out).toContain('--limit K');
    });
  }

  it('the overview lists the commands in order', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    const order = ['validate', 'recommend', 'enumerate'].map((c) => r.out.indexOf(`  ${c} `));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('the launchers (bin/strata and bin/strata.js on the compiled dist/)', () => {
  it('strata sat runs from its one-file bundle: same answers, errors and exit codes, no ESM loader or stdout stream', () => {
    const cnf = path.join(tmp, 'php.cnf');
    // pigeonhole 3 -> 2: unsatisfiable
    const php = [
      [1, 2],
      [3, 4],
      [5, 6],
      [-1, -3],
      [-1, -5],
      [-3, -5],
      [-2, -4],
      [-2, -6],
      [-4, -6],
    ];
    fs.writeFileSync(cnf, `p cnf 6 ${php.length}\n${php.map((c) => `${c.join(' ')} 0`).join('\n')}\n`);
    const sat = path.join(tmp, 'sat.cnf');
    fs.writeFileSync(sat, 'p cnf 3 2\n1 -2 0\n2 3 0\n');
    // lists the Node internals loaded, on stderr at exit
    const probe = path.join(tmp, 'probe.cjs');
    fs.writeFileSync(probe, "process.on('exit', () => process._rawDebug('LOADED ' + process.moduleLoadList.join(',')));");
    const launch = (...args: string[]) =>
      spawnSync(process.execPath, ['-r', probe, 'bin/strata.js', 'sat', ...args], { cwd: root, encoding: 'utf8' });

    const unsat = launch(cnf, '--assume', '1');
    expect(unsat.status).toBe(0);
    expect(unsat.stdout).toMatch(
      /^c vars 6 clauses 9 time [\d.]+ ms[^\n]*\nc conflicts \d+[^\n]*\ns UNSATISFIABLE\nc failed assumptions: /,
    );
    const loaded = /LOADED (.*)/.exec(unsat.stderr)![1]!.split(',');
    expect(loaded).not.toContain('NativeModule internal/modules/esm/loader');
    expect(loaded).not.toContain('NativeModule net');
    expect(launch(sat, '--priority', '2').stdout).toMatch(/\ns SATISFIABLE\nv 1 2 -3 0\n$/);

    const bad = path.join(tmp, 'bad.cnf');
    fs.writeFileSync(bad, 'p cnf 2 1\n1 3 0\n');
    const r = launch(bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}: line 2: literal 3`);
    noStack(r.stderr);
    const usage = launch(cnf, '--assume', 'x');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/strata sat: --assume: "x" is not a literal[\s\S]*See: strata sat --help/);
    const help = launch('--help');
    expect([help.status, help.stdout.startsWith('strata sat — ')]).toEqual([0, true]);
  });

  it('strata sat writes a model far past a pipe buffer in full before it exits', () => {
    const wide = path.join(tmp, 'wide-full.cnf');
    fs.writeFileSync(wide, 'p cnf 200000 1\n1 2 0\n');
    const r = spawnSync(process.execPath, ['bin/strata.js', 'sat', wide], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const lits = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('v '))
      .flatMap((l) => l.slice(2).split(' '));
    expect(lits.length).toBe(200_001);
    expect(lits.at(-1)).toBe('0');
    expect(r.stdout.endsWith(' 0\n')).toBe(true);
  });

  it('strata sat output cut short by its reader ends quietly', () => {
    const wide = path.join(tmp, 'wide.cnf');
    // 200,000 free variables: a model of more than a megabyte, far past a pipe's buffer
    fs.writeFileSync(wide, 'p cnf 200000 1\n1 2 0\n');
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" bin/strata.js sat "${wide}" | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.stdout.trim()).toBe('status=0');
    expect(r.stderr).toBe('');
  });

  it('npx strata runs the CLI without building again: prepare skips a build newer than its sources', () => {
    const built = path.join(root, 'dist', 'cli', 'main.js');
    const before = fs.statSync(built).mtimeMs;
    const prepare = spawnSync(process.execPath, ['scripts/prepare.mjs'], { cwd: root, encoding: 'utf8' });
    expect([prepare.status, prepare.stdout]).toEqual([0, 'strata: the build is current (npm run build to build anyway)\n']);
    // npm installs this folder into its cache first, running prepare (npm 11)
    const npx = spawnSync('npx', ['--yes', '--', 'strata', '--version'], { cwd: root, encoding: 'utf8' });
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect([npx.status, npx.stdout.trim()]).toEqual([0, `strata ${version}`]);
    expect(fs.statSync(built).mtimeMs).toBe(before);
  }, 60_000);

  it('bin/strata, the command npm links: found through a relative link, starts strata sat without NODE_EXTRA_CA_CERTS and keeps it for strata serve', () => {
    const links = path.join(tmp, 'links');
    fs.mkdirSync(links, { recursive: true });
    // as npm links node_modules/.bin/strata: relative to the link's folder
    fs.symlinkSync(path.relative(links, path.join(root, 'bin', 'strata')), path.join(links, 'strata'));
    const cnf = path.join(tmp, 'launcher.cnf');
    fs.writeFileSync(cnf, 'p cnf 2 2\n1 2 0\n-1 0\n');
    // Node warns on stderr when it cannot read the file the variable names
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(tmp, 'no-such-certs.pem') };
    const sat = spawnSync(path.join(links, 'strata'), ['sat', cnf], { cwd: tmp, encoding: 'utf8', env });
    expect([sat.status, sat.stderr]).toEqual([0, '']);
    expect(sat.stdout).toMatch(/\ns SATISFIABLE\nv -1 2 0\n$/);
    // serve may connect to PostgreSQL over TLS: it keeps the variable
    const serve = spawnSync(path.join(links, 'strata'), ['serve', '--help'], { cwd: tmp, encoding: 'utf8', env });
    expect(serve.status).toBe(0);
    expect(serve.stdout).toMatch(/^strata serve/);
    expect(serve.stderr).toContain('no-such-certs.pem');
  });

  it('bin/strata drops NODE_EXTRA_CA_CERTS for every command but serve, as its comment says', async () => {
    const { commands } = await import('../../src/cli/commands/index.js');
    const launcher = fs.readFileSync(path.join(root, 'bin', 'strata'), 'utf8');
    const dropped = /^\s*([a-z| ]+)\) unset NODE_EXTRA_CA_CERTS ;;$/m
      .exec(launcher)![1]!
      .split('|')
      .map((c) => c.trim());
    expect(dropped.sort()).toEqual(
      commands
        .map((c) => c.name)
        .filter((n) => n !== 'serve')
        .sort(),
    );
  });

  it('npm run recommend: recommend on the shipped Dell example', () => {
    const r = spawnSync(process.execPath, ['bin/strata.js', 'recommend', '--world', 'examples/dell-r750'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Recommended images for cluster vsan-prod-01');
    expect(r.stderr).toBe('');
  });

  it('a reader that closes the pipe early ends enumerate quietly', () => {
    // a world with many combinations: every version of four user components
    const dir = path.join(tmp, 'many');
    fs.mkdirSync(dir);
    for (const f of ['depot.json', 'hcl.json']) fs.copyFileSync(path.join(dell, f), path.join(dir, f));
    const cluster = JSON.parse(fs.readFileSync(path.join(dell, 'cluster.json'), 'utf8'));
    cluster.desired = {
      solutions: { 'com.vmware.vsan': {}, 'com.vmware.fdm': {} },
      components: { 'BCM-perccli': null, 'Dell-ISM': null, 'VMware-NVMe-PCIe': null, 'esx-update': null },
    };
    fs.writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(cluster));
    for (const json of [[], ['--json']]) {
      const script = `"${process.execPath}" bin/strata.js enumerate --world "${dir}" ${json.join(' ')} | head -c 200 >/dev/null; echo "status=\${PIPESTATUS[0]}"`;
      const r = spawnSync('bash', ['-c', script], { cwd: root, encoding: 'utf8' });
      expect(r.stdout.trim()).toBe('status=0');
      expect(r.stderr).toBe('');
    }
  }, 60_000);
});
