// A small flag parser: `--name value`, `--name=value`, boolean `--flag`, positionals.
import { UsageError } from './command.js';

export interface FlagSpec {
  /** flags that take a value */
  values?: readonly string[];
  /** flags that are on/off */
  booleans?: readonly string[];
}

export interface ParsedArgs {
  values: Map<string, string>;
  booleans: Set<string>;
  positionals: string[];
}

export function parseArgs(args: readonly string[], spec: FlagSpec): ParsedArgs {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  const positionals: string[] = [];
  const takesValue = new Set(spec.values ?? []);
  const isBoolean = new Set(spec.booleans ?? []);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (takesValue.has(name)) {
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq < 0 && value.startsWith('--'))) {
        throw new UsageError(`--${name} needs a value`);
      }
      values.set(name, value);
    } else if (isBoolean.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      booleans.add(name);
    } else {
      const known = [...takesValue, ...isBoolean].map((f) => `--${f}`).join(', ');
      throw new UsageError(`unknown option --${name}${known ? ` (known: ${known})` : ''}`);
    }
  }
  return { values, booleans, positionals };
}

export function requireValue(parsed: ParsedArgs, name: string): string {
  const v = parsed.values.get(name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

export function intValue(parsed: ParsedArgs, name: string, min = 0): number | undefined {
  const v = parsed.values.get(name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return Number(v);
}
