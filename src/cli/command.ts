// What every subcommand is: a name, help text and a run function (its summary is in commands/index.ts).
export interface Command {
  name: string;
  help: string;
  /** Resolves to the process exit code (SPEC §4: 0 ok, 2 bad input or usage, 1 internal failure). */
  run(args: string[]): Promise<number>;
}

/** A user mistake: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
