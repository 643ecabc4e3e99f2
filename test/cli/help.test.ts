// Help texts point users at the documentation under docs/: no internal contract names, and every
// docs/*.md they mention exists. The docs' own cross-links are checked too (file and heading), so
// a pointer from a help text never lands on a dead link.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { commands } from '../../src/cli/commands/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const docsDir = path.join(root, 'docs');

/** What `strata ...argv` prints on standard output, run in this process. */
async function stdoutOf(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += a.join(' ') + '\n'));
  try {
    return { code: await main(argv), out };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

const docPaths = (text: string) => [...new Set(text.match(/docs\/[\w.-]+\.md/g) ?? [])];

const helps: [string, string[]][] = [
  ['the overview', ['--help']],
  ...commands.map((c): [string, string[]] => [`${c.name} --help`, [c.name, '--help']]),
  ...commands.map((c): [string, string[]] => [`help ${c.name}`, ['help', c.name]]),
];

describe('help texts', () => {
  for (const [label, argv] of helps) {
    it(`${label} names no internal contract and points only at docs that exist`, async () => {
      const { code, out } = await stdoutOf(...argv);
      expect(code).toBe(0);
      expect(out.length).toBeGreaterThan(100);
      expect(out).not.toMatch(/SPEC/);
      expect(out).not.toContain('§');
      for (const doc of docPaths(out)) expect(fs.existsSync(path.join(root, doc)), `${label} mentions ${doc}`).toBe(true);
    });
  }

  it('the overview and every command that reads a world point at the docs', async () => {
    expect(docPaths((await stdoutOf('--help')).out)).toEqual(expect.arrayContaining(['docs/depot.md', 'docs/README.md']));
    for (const name of ['validate', 'recommend', 'enumerate', 'whatif']) {
      const paths = docPaths((await stdoutOf(name, '--help')).out);
      expect(paths, name).toEqual(expect.arrayContaining(['docs/depot.md', 'docs/hcl.md', 'docs/cluster.md', 'docs/output.md']));
    }
    expect(docPaths((await stdoutOf('whatif', '--help')).out)).toContain('docs/whatif.md');
    expect(docPaths((await stdoutOf('serve', '--help')).out)).toContain('docs/api.md');
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    out.add(
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return out;
}

describe('docs/', () => {
  const files = fs.readdirSync(docsDir).filter((f) => f.endsWith('.md'));

  it('has an index listing every page', () => {
    const index = fs.readFileSync(path.join(docsDir, 'README.md'), 'utf8');
    for (const f of files) if (f !== 'README.md') expect(index, f).toContain(`(${f})`);
  });

  for (const file of files) {
    it(`${file}: no internal contract names, and every link to another page and heading resolves`, () => {
      const text = fs.readFileSync(path.join(docsDir, file), 'utf8');
      expect(text).not.toMatch(/SPEC/);
      for (const m of text.matchAll(/\]\(([\w.-]+\.md)?(?:#([\w-]+))?\)/g)) {
        const [link, target = file, anchor] = m;
        const targetPath = path.join(docsDir, target);
        expect(fs.existsSync(targetPath), `${file}: ${link}`).toBe(true);
        if (anchor) expect(anchors(fs.readFileSync(targetPath, 'utf8')).has(anchor), `${file}: ${link}`).toBe(true);
      }
    });
  }
});
