// The levels of an encoding by what they stand for. Search works on a vector of choices, one
// per level (the index of its true variable, -1 for none); each level knows its place in it.
import type { Lit } from '../../sat/engine.js';
import type { Builder } from '../builder.js';
import type { CandidateSpace } from '../space.js';

export type LevelKind = 'base_image' | 'add_on' | 'package' | 'solution' | 'component' | 'solution_component';

/** One ranked level: exactly one of `vars` is true (for solution components: when required). */
export interface Level {
  kind: LevelKind;
  /** solution or component name for the named levels */
  name?: string;
  vars: Lit[];
  /** this level's place in a vector of choices (and in `LevelLayout.all`) */
  index: number;
}

/** A solution component's level: its versions newest first, none chosen unless a chosen solution names it. */
export interface SolutionComponentLevel extends Level {
  kind: 'solution_component';
  name: string;
  versions: string[];
}

/** The levels of the combination (SPEC §3.4), in rank order. */
export interface CombinationLevels {
  base: Level;
  addOn: Level;
  pkg: Level;
  /** as `space.solutions` */
  solutions: Level[];
  /** as `space.users` */
  users: Level[];
}

export interface LevelLayout extends CombinationLevels {
  /** by component name, as solutionComponentLevels orders them */
  solutionComponents: SolutionComponentLevel[];
  /** the combination levels in rank order: base image, add-on, package, solutions, user components */
  combination: Level[];
  /** every level in search order: the combination, then the solution components */
  all: Level[];
}

/** The index of the candidate chosen at `level` (-1: none). */
export function chosen(choices: readonly number[], level: Level): number {
  return choices[level.index]!;
}

/** One variable per candidate of every combination level, exactly one true per level. */
export function encodeLevels(b: Builder, space: CandidateSpace): CombinationLevels {
  let index = 0;
  const level = (kind: LevelKind, n: number, name?: string): Level => {
    const vars = Array.from({ length: n }, () => b.fresh());
    b.exactlyOne(vars);
    return name === undefined ? { kind, vars, index: index++ } : { kind, name, vars, index: index++ };
  };
  return {
    base: level('base_image', space.bases.length),
    addOn: level('add_on', space.addOns.length),
    pkg: level('package', space.pkgs.length),
    // an optional level's last variable stands for "none of its versions"
    solutions: space.solutions.map((s) => level('solution', s.versions.length + (s.optional ? 1 : 0), s.name)),
    users: space.users.map((u) => level('component', u.versions.length + (u.optional ? 1 : 0), u.name)),
  };
}

/** The combination levels in rank order (their `index` order). */
export function combinationOf(levels: CombinationLevels): Level[] {
  return [levels.base, levels.addOn, levels.pkg, ...levels.solutions, ...levels.users];
}

export function layoutOf(levels: CombinationLevels, solutionComponents: SolutionComponentLevel[]): LevelLayout {
  const combination = combinationOf(levels);
  return { ...levels, solutionComponents, combination, all: [...combination, ...solutionComponents] };
}
