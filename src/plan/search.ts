// Searching an encoding in rank order. A lexicographic engine's model is already the best one,
// so a search step is one solve; for other engines each level is improved with a few solves
// under assumptions ("is any better candidate of this level still possible?").
import type { Image, Solution } from '../model/types.js';
import type { Lit } from '../sat/engine.js';
import type { Selection } from '../image/compose.js';
import { toImage } from './space.js';
import { chosen, type Encoding } from './encode.js';

/** For each level, at its `index`, the index of its true variable in the current model (-1: none). */
export type Choices = number[];

function readChoices(enc: Encoding): Choices {
  return enc.layout.all.map((l) => l.vars.findIndex((v) => enc.engine.modelValue(v)));
}

/**
 * Makes level `depth` of `choices` the best candidate possible under the assumptions, given
 * that `choices` came from a model of them. Returns the new model's choices (unchanged when the
 * model's candidate was already the best).
 */
async function improveLevel(enc: Encoding, assumptions: readonly Lit[], depth: number, choices: Choices): Promise<Choices> {
  const { engine } = enc;
  if (engine.lexicographic) return choices;
  const level = enc.layout.all[depth]!;
  let current = choices;
  while (current[depth]! > 0) {
    // is any candidate ranked above the current one possible? (one solve for all of them)
    const act = engine.newVar();
    engine.addClause([-act, ...level.vars.slice(0, current[depth]!)]);
    const sat = await engine.solve([...assumptions, act]);
    const next = sat ? readChoices(enc) : undefined;
    engine.addClause([-act]);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The best choices of every level at or after `from`, given a model's choices under the assumptions. */
async function completeBest(enc: Encoding, assumptions: Lit[], from: number, choices: Choices): Promise<Choices> {
  const levels = enc.layout.all;
  let current = choices;
  const fixed = [...assumptions];
  for (let d = from; d < levels.length; d++) {
    current = await improveLevel(enc, fixed, d, current);
    if (current[d]! >= 0) fixed.push(levels[d]!.vars[current[d]!]!);
  }
  return current;
}

/** The best (first in rank order) valid combination under the assumptions, or null. */
export async function best(enc: Encoding, assumptions: Lit[] = []): Promise<Choices | null> {
  if (!(await enc.engine.solve(assumptions))) return null;
  return completeBest(enc, assumptions, 0, readChoices(enc));
}

export function toSelection(enc: Encoding, choices: Choices): Selection {
  const { space, layout } = enc;
  const solutions: Solution[] = space.solutions.map((s, i) => s.versions[chosen(choices, layout.solutions[i]!)]!);
  const user = new Map(space.users.map((u, i) => [u.name, u.versions[chosen(choices, layout.users[i]!)]!]));
  const solutionComponents = new Map<string, string>();
  for (const sc of layout.solutionComponents) {
    const c = chosen(choices, sc);
    if (c >= 0) solutionComponents.set(sc.name, sc.versions[c]!);
  }
  return {
    base: space.bases[chosen(choices, layout.base)]!,
    addOn: space.addOns[chosen(choices, layout.addOn)]!,
    pkg: space.pkgs[chosen(choices, layout.pkg)]!,
    solutions,
    solutionComponents,
    user,
    removed: space.removed,
  };
}

export function toImageOf(enc: Encoding, choices: Choices): Image {
  return toImage(toSelection(enc, choices));
}

/**
 * Every valid combination under the assumptions, in rank order: a depth-first walk over the
 * combination levels where each step asks the engine for the best candidate not yet taken.
 * `onCombination` returns false to stop early.
 */
export async function enumerateCombinations(
  enc: Encoding,
  assumptions: Lit[],
  onCombination: (choices: Choices) => boolean | void | Promise<boolean | void>,
): Promise<void> {
  const levels = enc.layout.combination;
  let stopped = false;
  // `known`: the choices of some model under `prefix`, reused instead of solving again
  const walk = async (depth: number, prefix: Lit[], known: Choices | null): Promise<void> => {
    if (depth === levels.length) {
      const full = await completeBest(enc, prefix, depth, known!);
      if ((await onCombination(full)) === false) stopped = true;
      return;
    }
    const level = levels[depth]!;
    const taken: Lit[] = [];
    let choices = known;
    while (!stopped) {
      const assumptions = [...prefix, ...taken];
      if (!choices) {
        if (!(await enc.engine.solve(assumptions))) return;
        choices = readChoices(enc);
      }
      choices = await improveLevel(enc, assumptions, depth, choices);
      const v = level.vars[choices[depth]!]!;
      await walk(depth + 1, [...prefix, v], choices);
      taken.push(-v);
      choices = null;
    }
  };
  if (!(await enc.engine.solve(assumptions))) return;
  await walk(0, assumptions, readChoices(enc));
}
