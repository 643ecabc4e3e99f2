// Server family from vendor and model: add-ons and hardware support packages name the families
// they apply to, and esxcli reports only vendor and model. Built-in rules cover the naming of
// the large vendors; `--families FILE` adds rules that are tried first:
//   {"families": [
//     {"vendor": "Dell Inc.", "model": "PowerEdge XR11", "family": "PowerEdge 15G"},
//     {"vendor": "Supermicro", "model_pattern": "^SYS-(\\d)", "family": "Supermicro X$1"} ]}
// (a bare array works too). `vendor` compares case-insensitively; `model` is the exact model,
// `model_pattern` a regular expression (case-insensitive) whose groups `$1`… fill `family`.
import * as v from 'valibot';
import { collecting, isObject } from '../../load/check.js';
import { readJsonFile } from '../../load/json.js';
import { compile, elementPath } from '../../schema/compile.js';
import { Name } from '../../schema/primitives.js';

export interface FamilyRule {
  /** matched case-insensitively; a RegExp for the built-in vendor aliases */
  vendor: string | RegExp;
  model: string | RegExp;
  family: string;
}

/** The built-in rules, in the order they are tried (documented in docs/import.md). */
export const BUILTIN_FAMILY_RULES: readonly FamilyRule[] = [
  // PowerEdge R750 → 15G, R6525 → 15G, R640 → 14G, R7625 → 16G: the digit after the first is the
  // generation (since 11G); letter suffixes (xd, xa, c) do not change it.
  { vendor: /^dell\b/i, model: /^PowerEdge [A-Z]{1,3}\d(\d)\d{1,2}[a-z]*$/i, family: 'PowerEdge 1$1G' },
  // ProLiant DL380 Gen11 → ProLiant Gen11; Synergy 480 Gen10 Plus → Synergy Gen10 Plus.
  { vendor: /^(hpe?|hewlett)\b/i, model: /^(ProLiant|Synergy|Apollo|Alletra)\b.*?\b(Gen\d+(?: Plus)?(?: v2)?)\b/i, family: '$1 $2' },
  // ThinkSystem SR650 V2 → ThinkSystem V2; ThinkSystem SR650 → ThinkSystem V1.
  { vendor: /^lenovo\b/i, model: /^ThinkSystem \S+ (V\d+)\b/i, family: 'ThinkSystem $1' },
  { vendor: /^lenovo\b/i, model: /^ThinkSystem \S+(?:\s+-\[.*)?$/i, family: 'ThinkSystem V1' },
  // UCSC-C240-M5SX → UCS M5.
  { vendor: /^cisco\b/i, model: /^UCS\w*-\w+-(M\d+)/i, family: 'UCS $1' },
];

function vendorMatches(rule: FamilyRule, vendor: string): boolean {
  return typeof rule.vendor === 'string' ? rule.vendor.toLowerCase() === vendor.trim().toLowerCase() : rule.vendor.test(vendor.trim());
}

/** The family of a server, from the first rule that matches; undefined when none does. */
export function familyOf(vendor: string, model: string, rules: readonly FamilyRule[]): string | undefined {
  const m = model.trim();
  for (const rule of rules) {
    if (!vendorMatches(rule, vendor)) continue;
    if (typeof rule.model === 'string') {
      if (rule.model.toLowerCase() === m.toLowerCase()) return rule.family;
      continue;
    }
    const match = rule.model.exec(m);
    if (match) return rule.family.replace(/\$(\d)/g, (_, d: string) => match[Number(d)] ?? '');
  }
  return undefined;
}

const FamilyRuleSchema = v.pipe(
  v.object({ vendor: Name, family: Name, model: v.optional(Name), model_pattern: v.optional(Name) }),
  v.description('a family rule: {"vendor", "model" or "model_pattern", "family"}'),
);
const checkRules = compile(v.array(FamilyRuleSchema));

/** Reads a `--families` file; every problem names the file and the JSON path. */
export function loadFamilyRules(file: string): FamilyRule[] {
  const value = readJsonFile(file);
  return collecting(file, (c) => {
    const wrapped = isObject(value) && !Array.isArray(value);
    const base = wrapped ? '$.families' : '$';
    const list = checkRules(c, wrapped ? value.families : value, base) ?? [];
    const rules: FamilyRule[] = [];
    list.forEach((r, i) => {
      const p = elementPath(list, base, i);
      if ((r.model === undefined) === (r.model_pattern === undefined)) {
        c.problem(p, 'give exactly one of "model" (the exact model) and "model_pattern" (a regular expression)');
        return;
      }
      let model: string | RegExp = r.model ?? '';
      if (r.model_pattern !== undefined) {
        try {
          model = new RegExp(r.model_pattern, 'i');
        } catch (err) {
          c.problem(`${p}.model_pattern`, `not a valid regular expression: ${(err as Error).message}`);
          return;
        }
      }
      rules.push({ vendor: r.vendor, model, family: r.family });
    });
    return rules;
  });
}
