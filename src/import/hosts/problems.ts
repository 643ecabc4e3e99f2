// Problems of text inputs: the file and line they concern, turned into the loaders' InputError
// (`file: line 12: message`) so the CLI prints them like every other bad input (exit 2).
import { InputError, MAX_PROBLEMS, type Problem } from '../../load/errors.js';

export interface LineProblem {
  /** 1-based; 0 for the file as a whole */
  line: number;
  message: string;
}

export class ProblemList {
  readonly problems: Problem[] = [];
  total = 0;

  add(file: string, line: number, message: string): void {
    this.total++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ file, path: line > 0 ? `line ${line}` : '$', message });
  }

  addAll(file: string, list: readonly LineProblem[]): void {
    for (const p of list) this.add(file, p.line, p.message);
  }

  throwIfAny(): void {
    if (this.total > 0) throw new InputError(this.problems, this.total);
  }
}
