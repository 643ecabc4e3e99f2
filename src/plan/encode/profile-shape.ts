// Which parts of a hardware profile's rules are copies of another profile's. A host whose firmware
// or devices change gets a new profile that differs from its old one in a device or two: the rest
// of its rules are the old ones over fresh variables. Explanations use this to keep what they
// knew (src/plan/explain.ts, keptCore): a model of the old rules, copied onto the copies, is a
// model of the new ones.
//
// A profile's clauses (all under its activation literal) fall into parts: connected by the
// variables made while it was encoded (its selectors and auxiliary literals). A part's signature
// is its clauses in the order they were added, with its own variables numbered by first
// appearance and every other literal as it is; two parts with one signature are the same rules.
import type { Lit } from '../../sat/engine.js';

/** What a Builder records while one profile is encoded. */
export interface ProfileRecording {
  /** every clause added under the activation literal, that literal first */
  clauses: Lit[][];
  /** the variables made under it */
  local: Set<number>;
  /** a clause outside the activation context names one of them (a definition shared by others) */
  escaped?: boolean;
}

/** A connected part of a profile's clauses. */
export interface ProfilePart {
  /** interned signature: equal numbers, the same clauses up to the part's own variables */
  signature: number;
  /** its selectors, in order of first appearance (a copy's selectors correspond one to one) */
  selectors: Lit[];
}

export interface ProfileShape {
  parts: ProfilePart[];
  /**
   * Every part is satisfied by its own variables all false, so a part whose selectors are not
   * assumed never stands in a model's way (hardware rules: each clause holds a selector or an
   * auxiliary literal negated). Parts of a profile without this are never treated as copies.
   */
  relaxable: boolean;
}

/** The shapes of an encoding's profiles, with their parts indexed by signature. */
export class ProfileShapes {
  private readonly byActivation = new Map<Lit, ProfileShape>();
  private readonly bySignature = new Map<number, { activation: Lit; part: ProfilePart }[]>();

  constructor(private readonly ids = new Map<string, number>()) {}

  /** A copy to grow apart (an encoding copied from a kept one): signatures stay comparable. */
  copy(): ProfileShapes {
    const c = new ProfileShapes(this.ids);
    for (const [a, s] of this.byActivation) c.byActivation.set(a, s);
    for (const [sig, list] of this.bySignature) c.bySignature.set(sig, [...list]);
    return c;
  }

  shape(activation: Lit): ProfileShape | undefined {
    return this.byActivation.get(activation);
  }

  /** Parts with the same signature, `part` itself among them (callers keep those of other profiles). */
  copiesOf(part: ProfilePart): readonly { activation: Lit; part: ProfilePart }[] {
    return this.bySignature.get(part.signature) ?? [];
  }

  /** Records the shape of the profile encoded under `activation`; `isSelector` tells its selectors. */
  add(activation: Lit, rec: ProfileRecording, isSelector: (v: number) => boolean): void {
    const shape = shapeOf(activation, rec, isSelector, (sig) => {
      let id = this.ids.get(sig);
      if (id === undefined) this.ids.set(sig, (id = this.ids.size + 1));
      return id;
    });
    this.byActivation.set(activation, shape);
    for (const part of shape.parts) {
      let list = this.bySignature.get(part.signature);
      if (!list) this.bySignature.set(part.signature, (list = []));
      list.push({ activation, part });
    }
  }
}

function shapeOf(
  activation: Lit,
  rec: ProfileRecording,
  isSelector: (v: number) => boolean,
  intern: (sig: string) => number,
): ProfileShape {
  const { clauses, local } = rec;
  // union-find over the profile's own variables
  const parent = new Map<number, number>();
  const find = (v: number): number => {
    let r = v;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(v, r);
    return r;
  };
  for (const v of local) parent.set(v, v);
  let relaxable = !rec.escaped;
  const rootOf: number[] = [];
  for (const c of clauses) {
    let root = 0;
    let negatedOwn = false;
    for (let i = 1; i < c.length; i++) {
      const l = c[i]!;
      const v = l < 0 ? -l : l;
      if (!local.has(v)) continue;
      if (l < 0) negatedOwn = true;
      const r = find(v);
      if (root === 0) root = r;
      else if (r !== root) parent.set(r, root);
    }
    if (!negatedOwn || c[0] !== -activation) relaxable = false;
    rootOf.push(root);
  }
  // clauses by part, in the order they were added (a clause of no own variable is a part alone)
  const byRoot = new Map<number, Lit[][]>();
  clauses.forEach((c, i) => {
    const root = rootOf[i] === 0 ? -(i + 1) : find(rootOf[i]!);
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push(c);
  });
  const parts: ProfilePart[] = [];
  for (const group of byRoot.values()) {
    const number = new Map<number, number>();
    const selectors: Lit[] = [];
    let sig = '';
    for (const c of group) {
      for (let i = 1; i < c.length; i++) {
        const l = c[i]!;
        const v = l < 0 ? -l : l;
        if (!local.has(v)) {
          sig += `${l},`;
          continue;
        }
        let n = number.get(v);
        if (n === undefined) {
          number.set(v, (n = number.size));
          if (isSelector(v)) selectors.push(v);
        }
        sig += `${l < 0 ? '-' : ''}${isSelector(v) ? 's' : 'v'}${n},`;
      }
      sig += ';';
    }
    parts.push({ signature: intern(sig), selectors });
  }
  return { parts, relaxable };
}
