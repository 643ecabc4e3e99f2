// The human report of `strata validate`: headline, the desired image, the effective components,
// then the errors grouped (software first, then per group of hosts, per device).
import type { Catalog } from '../../catalog/catalog.js';
import { describeSource } from '../../image/messages.js';
import type { Cluster, ValidationReport } from '../../model/types.js';
import { errorLines } from './errors.js';
import { specRows } from './image.js';
import type { Style } from './output.js';
import { plural, table } from './table.js';

export interface ValidateView {
  cluster: Cluster;
  catalog: Catalog;
  report: ValidationReport;
  style: Style;
  width: number;
  /** the HCL freshness line, shown under the hosts */
  hclLine?: string;
}

/** "4 × Dell Inc. PowerEdge R750, 2 × Dell Inc. PowerEdge R650" */
export function hardwareSummary(cluster: Cluster): string {
  const counts = new Map<string, number>();
  for (const h of cluster.hosts) {
    const k = `${h.vendor} ${h.model}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} × ${k}`).join(', ');
}

export function renderValidate({ cluster, catalog, report, style, width, hclLine }: ValidateView): string[] {
  const lines: string[] = [];
  const n = cluster.hosts.length;
  const failing = new Set(report.errors.flatMap((e) => (e.host ? [e.host] : [])));
  if (report.valid) {
    lines.push(`${style.green(style.bold('VALID'))}  the desired image of cluster ${cluster.name} is valid on all ${plural(n, 'host')}`);
  } else {
    const software = report.errors.filter((e) => !e.host).length;
    const parts: string[] = [];
    if (software) parts.push(`${plural(software, 'software error')} (every host)`);
    if (failing.size) parts.push(`errors on ${failing.size} of ${plural(n, 'host')}`);
    lines.push(`${style.red(style.bold('NOT VALID'))}  the desired image of cluster ${cluster.name}: ${parts.join(', ')}`);
  }
  lines.push(`Hosts: ${plural(n, 'host')} (${hardwareSummary(cluster)})`);
  if (hclLine) lines.push(hclLine);
  lines.push('');
  lines.push(style.bold('Desired image'));
  lines.push(...table(null, specRows(cluster.desired, catalog), { indent: '  ' }));
  lines.push('');

  const effective = Object.entries(report.effective_components);
  if (effective.length) {
    lines.push(style.bold(`Effective components (${effective.length})`));
    lines.push(
      ...table(
        ['NAME', 'VERSION', 'FROM'],
        effective.map(([name, e]) => [name, e.version, describeSource(e.source)]),
        { indent: '  ' },
      ),
    );
  } else {
    lines.push(style.bold('Effective components: none') + ' (the image cannot be composed)');
  }
  lines.push('');

  if (report.errors.length === 0) {
    lines.push('No errors: every host can run this image.');
    return lines;
  }
  lines.push(style.bold(`Errors (${report.errors.length})`));
  lines.push(
    ...errorLines(report.errors, {
      indent: '  ',
      width,
      clusterSize: n,
      hostOrder: cluster.hosts.map((h) => h.name),
    }),
  );
  lines.push('');
  lines.push(`See \`strata recommend\` for the newest images that are valid on these hosts.`);
  return lines;
}
