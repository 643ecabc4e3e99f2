// Import problems as data. Each names where it was found — the archive chain joined by "!"
// (bundle.zip!metadata.zip!vibs/x.xml), then the element (/vib/relationships/depends/constraint[3])
// or JSON path — and what is wrong. An import keeps going past problems: what they touch is left
// out and said so; only an import that yields nothing usable fails.

export type Severity = 'error' | 'warning';

export interface ImportProblem {
  /** archive chain and member: "bundle.zip!metadata.zip!vibs/x.xml", or a plain file path */
  where: string;
  /** XML element path (/vib/name) or JSON path ($.components); "" when the whole file is meant */
  path: string;
  message: string;
  severity: Severity;
}

export function formatImportProblem(p: ImportProblem): string {
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  return p.path ? `${p.where}: ${p.path}: ${tag}${p.message}` : `${p.where}: ${tag}${p.message}`;
}

/** Collects the problems of one import, in the order found. */
export class ImportProblems {
  readonly list: ImportProblem[] = [];

  error(where: string, path: string, message: string): void {
    this.list.push({ where, path, message, severity: 'error' });
  }

  warning(where: string, path: string, message: string): void {
    this.list.push({ where, path, message, severity: 'warning' });
  }

  get errorCount(): number {
    return this.list.filter((p) => p.severity === 'error').length;
  }
}

/** A place inside nested archives: "outer.zip!inner.zip!member". */
export function within(archive: string, member: string): string {
  return `${archive}!${member}`;
}
