// The human report of `strata groups`: why one image is not enough for the whole cluster, then the
// split — one column per group with its classes, hosts and latest image — then each group's other
// recommendations, and the classes no image covers with their reasons.
import type { Catalog } from '../../catalog/catalog.js';
import type { Cluster, Image } from '../../model/types.js';
import type { GroupsAnswer } from '../../plan/groups/groups.js';
import { errorLines, expandHosts } from './errors.js';
import { addOnText, baseText, packageText, specLine } from './image.js';
import type { Style } from './output.js';
import { recommendationRows } from './recommend.js';
import { plural, table, wrap } from './table.js';
import { hardwareSummary } from './validate.js';

export interface GroupsView {
  cluster: Cluster;
  catalog: Catalog;
  answer: GroupsAnswer;
  style: Style;
  width: number;
}

const classText = (c: { vendor: string; model: string }) => `${c.vendor} ${c.model}`;
const imageText = (img: Image | null) =>
  img ? `${img.base_image.version}, add-on ${addOnText(img.add_on)}, package ${packageText(img.hardware_support)}` : '—';

export function renderGroups({ cluster, catalog, answer, style, width }: GroupsView): string[] {
  const lines: string[] = [];
  const n = cluster.hosts.length;
  const hostOrder = cluster.hosts.map((h) => h.name);
  lines.push(style.bold(`Image groups for cluster ${cluster.name}`) + ` (${plural(n, 'host')}: ${hardwareSummary(cluster)})`);
  lines.push(...wrap(specLine(cluster.desired), width, 'Desired:  ', '          '));
  lines.push('');

  const { whole, groups, uncovered } = answer;
  if (whole.latest) {
    lines.push('One image serves every host: one group, the recommendation of "strata recommend".');
  } else {
    lines.push(style.yellow('One image is not enough: no image is valid on every host.'));
    // the newest candidate base image's reasons say why (each of its images has one of them)
    const newest = whole.excluded_base_images[0];
    if (newest) {
      lines.push(`  On the newest candidate base image, ${baseText(newest.version, catalog)}, every image has one of:`);
      lines.push(...errorLines(expandHosts(newest.reasons), { indent: '    ', width, clusterSize: n, hostOrder }));
    }
  }
  lines.push('');

  if (groups.length) {
    lines.push(
      style.bold(`${plural(groups.length, 'group')} (the fewest; at most ${answer.max_groups}), newest images first among such splits:`),
    );
    const header = ['', ...groups.map((_, i) => `GROUP ${i + 1}`)];
    const rows = [
      ['classes', ...groups.map((g) => g.classes.map(classText).join(', '))],
      ['hosts', ...groups.map((g) => `${g.hosts.length}: ${g.hosts.join(', ')}`)],
      ...recommendationRows(
        cluster.desired,
        groups.map((g) => g.latest),
      ).map((r) => [r.label, ...r.cells]),
    ];
    lines.push(...table(header, rows, { indent: '  ', gap: 3 }));
    lines.push('');
    lines.push('  The rows under "hosts" are each group\'s latest image; "*" marks what differs from the desired image.');
    for (const [i, g] of groups.entries()) {
      lines.push('');
      lines.push(`  Group ${i + 1} (${g.classes.map(classText).join(', ')}):`);
      lines.push(`    latest          ${imageText(g.latest)}`);
      lines.push(`    current series  ${imageText(g.current_series)}`);
      lines.push(`    same base       ${imageText(g.same_base)}`);
      if (g.excluded_base_images.length) {
        lines.push(
          `    excluded base images: ${g.excluded_base_images.map((x) => x.version).join(', ')} ("strata groups --json" has their reasons)`,
        );
      }
    }
    return lines;
  }

  lines.push(style.yellow(`No split into at most ${answer.max_groups} groups has an image for every group.`));
  if (uncovered.length === 0 && answer.fewest_groups !== null) {
    lines.push(
      `  Every class has an image of its own, but it takes ${answer.fewest_groups} groups (--max-groups ${answer.fewest_groups}).`,
    );
  }
  for (const u of uncovered) {
    lines.push('');
    lines.push(`  ${style.bold(u.classes.map(classText).join(', '))} (${u.hosts.join(', ')}): no image covers it; every image has one of:`);
    lines.push(...errorLines(expandHosts(u.reasons), { indent: '    ', width, clusterSize: n, hostOrder }));
  }
  return lines;
}
