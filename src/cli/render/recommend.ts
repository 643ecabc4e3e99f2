// The human report of `strata recommend`: the three recommendations side by side, marking what
// differs from the desired image, then every base image that was excluded and why.
import type { Catalog } from '../../catalog/catalog.js';
import type { Cluster, ExcludedBaseImage, Image, Recommendations, SoftwareSpec } from '../../model/types.js';
import { repairWords } from './words.js';
import { seriesOf, versionsEqual } from '../../version/version.js';
import { errorLines, expandHosts } from './errors.js';
import { ABSENT, NONE, baseText, packageOf, specLine } from './image.js';
import type { Style } from './output.js';
import { plural, table, wrap } from './table.js';
import { hardwareSummary } from './validate.js';

export interface RecommendView {
  cluster: Cluster;
  catalog: Catalog;
  recs: Recommendations;
  style: Style;
  width: number;
  /** the HCL freshness line, shown under the desired image */
  hclLine?: string;
}

const MARK = '*';
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const same = (a: string | undefined | null, b: string | undefined | null) =>
  a == null || b == null ? (a ?? null) === (b ?? null) : versionsEqual(a, b);

interface Row {
  label: string;
  cells: string[];
}

/** The comparison rows: base image, add-on, package, solutions with their components, user components. */
export function recommendationRows(desired: SoftwareSpec, images: (Image | null)[]): Row[] {
  const rows: Row[] = [];
  const present = images.filter((i): i is Image => i !== null);
  const cell = (img: Image | null, text: (img: Image) => string, differs: (img: Image) => boolean) => {
    if (!img) return ABSENT;
    const t = text(img);
    return differs(img) ? `${t} ${MARK}` : t;
  };

  rows.push({
    label: 'base image',
    cells: images.map((img) =>
      cell(
        img,
        (i) => i.base_image.version,
        (i) => !same(i.base_image.version, desired.base_image?.version),
      ),
    ),
  });

  // add-on: the name goes into the label when every image (and the desired one) agrees on it
  const addOnNames = new Set([
    ...present.flatMap((i) => (i.add_on ? [i.add_on.name] : [])),
    ...(desired.add_on ? [desired.add_on.name] : []),
  ]);
  const oneAddOn = addOnNames.size === 1 ? [...addOnNames][0]! : undefined;
  rows.push({
    label: oneAddOn ? `add-on ${oneAddOn}` : 'add-on',
    cells: images.map((img) =>
      cell(
        img,
        (i) => (i.add_on ? (oneAddOn ? i.add_on.version : `${i.add_on.name} ${i.add_on.version}`) : NONE),
        (i) => !(i.add_on?.name === desired.add_on?.name && same(i.add_on?.version, desired.add_on?.version)),
      ),
    ),
  });

  const wantedPkg = packageOf(desired.hardware_support);
  const pkgIds = new Set([
    ...present.flatMap((i) => {
      const p = packageOf(i.hardware_support);
      return p ? [p.pkg] : [];
    }),
    ...(wantedPkg ? [wantedPkg.pkg] : []),
  ]);
  const onePkg = pkgIds.size === 1 ? [...pkgIds][0]! : undefined;
  rows.push({
    label: onePkg ? `package ${onePkg}` : 'package',
    cells: images.map((img) =>
      cell(
        img,
        (i) => {
          const p = packageOf(i.hardware_support);
          return p ? (onePkg ? p.version : `${p.pkg} ${p.version}`) : NONE;
        },
        (i) => {
          const p = packageOf(i.hardware_support);
          return !(p?.manager === wantedPkg?.manager && p?.pkg === wantedPkg?.pkg && same(p?.version, wantedPkg?.version));
        },
      ),
    ),
  });

  const solutionNames = [...new Set([...present.flatMap((i) => Object.keys(i.solutions)), ...Object.keys(desired.solutions ?? {})])].sort(
    byName,
  );
  for (const name of solutionNames) {
    const want = desired.solutions?.[name]?.version ?? null;
    rows.push({
      label: `solution ${name}`,
      cells: images.map((img) =>
        cell(
          img,
          (i) => i.solutions[name]?.version ?? NONE,
          (i) => want !== null && !same(i.solutions[name]?.version, want),
        ),
      ),
    });
    const compNames = [...new Set(present.flatMap((i) => (i.solutions[name]?.components ?? []).map((c) => c.name)))].sort(byName);
    for (const comp of compNames) {
      rows.push({
        label: `  ${comp}`,
        cells: images.map((img) =>
          cell(
            img,
            (i) => i.solutions[name]?.components.find((c) => c.name === comp)?.version ?? NONE,
            () => false,
          ),
        ),
      });
    }
  }

  const userNames = [...new Set([...present.flatMap((i) => Object.keys(i.components)), ...Object.keys(desired.components ?? {})])].sort(
    byName,
  );
  for (const name of userNames) {
    const want = desired.components?.[name] ?? null;
    rows.push({
      label: `component ${name}`,
      cells: images.map((img) =>
        cell(
          img,
          (i) => i.components[name] ?? NONE,
          (i) => want !== null && !same(i.components[name], want),
        ),
      ),
    });
  }
  return rows;
}

export function renderRecommend({ cluster, catalog, recs, style, width, hclLine }: RecommendView): string[] {
  const lines: string[] = [];
  const desired = cluster.desired;
  const hostOrder = cluster.hosts.map((h) => h.name);
  const n = cluster.hosts.length;
  lines.push(style.bold(`Recommended images for cluster ${cluster.name}`) + ` (${plural(n, 'host')}: ${hardwareSummary(cluster)})`);
  lines.push(...wrap(specLine(desired), width, 'Desired:  ', '          '));
  if (hclLine) lines.push(hclLine);
  lines.push('');

  const series = desired.base_image ? seriesOf(desired.base_image.version) : undefined;
  const columns: [string, Image | null][] = [
    ['LATEST', recs.latest],
    [series ? `CURRENT SERIES (${series})` : 'CURRENT SERIES', recs.current_series],
    ['SAME BASE', recs.same_base],
  ];
  const rows = recommendationRows(
    desired,
    columns.map(([, img]) => img),
  );
  lines.push(
    ...table(
      ['', ...columns.map(([h]) => h)],
      rows.map((r) => [r.label, ...r.cells]),
      { indent: '  ', gap: 3 },
    ),
  );
  lines.push('');
  const notes: string[] = [];
  if (rows.some((r) => r.cells.some((c) => c.endsWith(` ${MARK}`)))) notes.push(`${MARK} differs from the desired image`);
  notes.push(`${ABSENT} no valid image of that kind`);
  lines.push(`  ${notes.join('    ')}`);
  if (!recs.latest) {
    lines.push('');
    lines.push(style.yellow('No image is valid on every host of this cluster.'));
  } else if (recs.same_base === null && desired.base_image) {
    lines.push(`  (no valid image keeps the desired base image ${desired.base_image.version})`);
  }
  lines.push('');

  const excluded = recs.excluded_base_images;
  if (excluded.length === 0) {
    lines.push(
      recs.latest
        ? 'No base image was excluded: every candidate base image has a valid image.'
        : 'There is no candidate base image (none in the depot at or above the desired one).',
    );
    return lines;
  }
  lines.push(style.bold(`Base images excluded (${excluded.length}) — every image with them has one of these errors:`));
  for (const ex of excluded) {
    lines.push('');
    lines.push(`  ${style.bold(baseText(ex.version, catalog))}`);
    lines.push(...repairLines(ex, cluster, catalog, width, style));
    const reasons = expandHosts(ex.reasons);
    if (reasons.length === 0) {
      lines.push('    - no valid image uses it');
      continue;
    }
    lines.push(
      ...errorLines(reasons, {
        indent: '    ',
        width,
        clusterSize: n,
        hostOrder,
        softwareHeading: 'Software (every host)',
      }),
    );
  }
  return lines;
}

/** Each repair plan first ("To use it: …"), or why there is none; then the reasons follow. */
function repairLines(ex: ExcludedBaseImage, cluster: Cluster, catalog: Catalog, width: number, style: Style): string[] {
  const out: string[] = [];
  const say = (head: string, text: string) => out.push(...wrap(`${head}${text}`, width, '    ', '      '));
  (ex.repairs ?? []).forEach((r, i) => {
    const steps = repairWords(r, cluster, catalog);
    say(style.green(i === 0 ? 'To use it: ' : 'Or: '), steps.join('; then '));
    const img = r.image;
    const pkg = packageOf(img.hardware_support);
    const parts = [
      img.add_on ? `add-on ${img.add_on.name} ${img.add_on.version}` : '',
      pkg ? `package ${pkg.pkg} ${pkg.version}` : '',
    ].filter(Boolean);
    if (parts.length) say('  → ', `the best image on it then has ${parts.join(', ')}`);
  });
  if (ex.no_repair) say(style.yellow('No plan: '), ex.no_repair);
  if (out.length) out.push('    Why not today:');
  return out;
}
