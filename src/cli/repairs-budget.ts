// The --repairs-budget flag, alike on every command that plans repairs.
import { DEFAULT_REPAIRS_BUDGET } from '../plan/repair/budget.js';
import { intValue, type ParsedArgs } from './args.js';

export const REPAIRS_BUDGET_HELP = `  --repairs-budget N
                    solves the repair search of one recommendation may take over all its excluded
                    base images (default ${DEFAULT_REPAIRS_BUDGET}); the bases past it get "no_repair": "repair
                    search stopped ...". Counted in solves, not time, so every machine gives the
                    same answer (docs/semantics.md)`;

/** The budget the user gave, or undefined for the default. */
export function repairsBudgetOf(parsed: ParsedArgs): number | undefined {
  return intValue(parsed, 'repairs-budget');
}
