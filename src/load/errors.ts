// Input problems as data: each names the file, the JSON path and what is wrong in plain words.

export interface Problem {
  /** the file as the user named it (or an HTTP field such as "body") */
  file: string;
  /** JSONPath-like: $.add_ons[3].components["Intel-i40en"] ("$" for the whole document) */
  path: string;
  message: string;
}

/** Most problems reported for one input; past it the report says how many more there were. */
export const MAX_PROBLEMS = 50;

/** Bad input: thrown by loaders with every problem found (up to MAX_PROBLEMS). */
export class InputError extends Error {
  constructor(
    readonly problems: Problem[],
    /** how many problems were found in all (more than problems.length when capped) */
    readonly total: number = problems.length,
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }

  render(): string {
    const lines = this.problems.map(formatProblem);
    if (this.total > this.problems.length) lines.push(`… and ${this.total - this.problems.length} more problems`);
    return lines.join('\n');
  }
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.path}: ${p.message}`;
}

/** JSON path helpers: `.name` for identifier keys, `["key"]` otherwise, `[i]` for indexes. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
