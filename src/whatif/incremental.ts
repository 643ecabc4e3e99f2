// Recommendations for many host sets and HCLs on one encoding of the depot side.
//
// The depot side (levels, composition, software rules) is encoded once. Every hardware profile
// (hosts with the same server and devices) is encoded once under its own activation literal, and
// a question assumes the literals of its hosts' profiles, so a scenario that edits hosts or the
// HCL only encodes the profiles it has not seen before. On top of that, three caches:
//
// - profiles by what the encoding reads: a profile's key is its representative host's name,
//   its hardware, its device ids and the part of the HCL its rules read (the release and server
//   certification of every candidate base image, the HCL entry of every device). An HCL change
//   that does not touch a profile keeps that profile's literal.
// - reasons: explanations are the one minimal set a canonical order of the rules prefers
//   (src/plan/explain.ts), so those asked of this shared encoding are those a fresh plan of the
//   scenario's world gives.
// - answers: the same set of active profiles is the same problem, answered once.
//
// What remains per scenario is one solve for `latest`, at most two for the other
// recommendations, and explanations of the base images whose reasons named a changed profile.
//
// Valid only while the candidate space (SPEC §3.4) is the one the depot side was encoded for,
// with the same depot: the runner checks that and otherwise plans afresh.
import type { Catalog } from '../catalog/catalog.js';
import { hardwareProfiles, type HardwareProfile } from '../catalog/profiles.js';
import type { Cluster, HclDevice, Host, Image, Recommendations } from '../model/types.js';
import type { Encoding, LevelLayout } from '../plan/encode.js';
import { excludedBases } from '../plan/excluded.js';
import { inheritExplanations } from '../plan/explain.js';
import { nameHosts, renameHosts } from '../plan/hosts.js';
import { chosen } from '../plan/encode.js';
import { encodeProfile } from '../plan/encode/hardware.js';
import { ClusterPlan } from '../plan/plan.js';
import { best, toImageOf } from '../plan/search.js';
import type { CandidateSpace } from '../plan/space.js';
import type { EngineName, Lit } from '../sat/engine.js';
import { seriesOf, versionsEqual } from '../version/version.js';
import type { Restriction } from './restrict.js';
import { recentOrMade } from '../util/recent.js';

/** Makes a plan: ClusterPlan.create with an engine, unless a test or benchmark brings its own. */
export type PlanFactory = (catalog: Catalog, cluster: Cluster) => Promise<ClusterPlan>;

export function planFactory(engine?: EngineName, repairs?: number, repairsBudget?: number, oneShot = false): PlanFactory {
  // no pre-filter for a plan that serves other hosts too (what it drops depends on the hosts);
  // a plan asked once, for its own hosts, is cheaper with it
  const opts = {
    prefilter: oneShot,
    ...(engine ? { engine } : {}),
    ...(repairs === undefined ? {} : { repairs }),
    ...(repairsBudget === undefined ? {} : { repairsBudget }),
  };
  return (catalog, cluster) => ClusterPlan.create(catalog, cluster, opts);
}

export interface IncrementalOptions {
  createPlan: PlanFactory;
  /**
   * profiles encoded beyond the first ones before the encoding is rebuilt (default 16). Few: every
   * satisfiable solve assigns every variable, an inactive profile's too, so each profile kept
   * costs every later question; a rebuild copies the depot side and re-encodes the hosts. On the
   * vendor what-if mix, 16 answered 30% faster than 256 (paired in one process; 4 to 16 alike).
   */
  maxExtraProfiles?: number;
  /** answers remembered by active profile set */
  memoSize?: number;
}

/** distinct profile signatures remembered before all caches start over (memory stays bounded) */
const MAX_SIGNATURES = 100_000;
const SEP = '\u0001';

/** A narrower candidate space asked of the kept encoding (see restrict.ts). */
export interface Narrowed {
  restriction: Restriction;
  /** the scenario's cluster: its desired image names the recommendations' series and base */
  cluster: Cluster;
  /** the scenario's depot and HCL: repair plans are searched on it */
  catalog: Catalog;
  /** what the scenario did to the depot (AppliedScenario.depotRemovals): repairs read the depot */
  depotKey: string;
}

/** narrowed views kept per encoding (each keeps its explanations' caches) */
const MAX_VIEWS = 64;

export interface IncrementalAnswer {
  recs: Recommendations;
  /** answered from an earlier question with the same active profiles */
  memo: boolean;
}

export class IncrementalPlan {
  private plan!: ClusterPlan;
  /** profile key → activation literal in the current encoding */
  private lits = new Map<string, Lit>();
  /**
   * Answers by question; each answer's reasons name the first host of each profile as it was
   * then (`firstHosts`, by hardware key): another question with the same hardware renames them.
   */
  private readonly memo = new Map<string, { recs: Recommendations; firstHosts: Map<string, string> }>();
  /**
   * Restriction key → the encoding seen with those assumptions always made: its own object, so
   * that the explanations' caches (keyed by encoding) never mix answers of different spaces.
   */
  private views = new Map<string, Encoding>();
  /** catalog → (hardware, device ids) → hardware key */
  private sigCache = new WeakMap<Catalog, Map<string, string>>();
  private entryIds = new WeakMap<HclDevice, number>();
  private readonly interned = new Map<string, number>();
  /** bumped when the interned signatures are dropped, so old keys never meet new ones */
  private generation = 0;
  private extraProfiles = 0;
  private baseVars = 0;
  private readonly maxExtraProfiles: number;
  private readonly memoSize: number;

  private constructor(
    readonly catalog: Catalog,
    readonly cluster: Cluster,
    private readonly opts: IncrementalOptions,
  ) {
    this.maxExtraProfiles = opts.maxExtraProfiles ?? 16;
    this.memoSize = opts.memoSize ?? 4096;
  }

  /** Encodes the depot side for `cluster`'s candidate space, with `cluster`'s hosts active. */
  static async create(catalog: Catalog, cluster: Cluster, opts: IncrementalOptions): Promise<IncrementalPlan> {
    const inc = new IncrementalPlan(catalog, cluster, opts);
    await inc.build();
    return inc;
  }

  get space(): CandidateSpace {
    return this.plan.encoding.space;
  }

  get layout(): LevelLayout {
    return this.plan.encoding.layout;
  }

  private async build(): Promise<void> {
    this.plan = await this.opts.createPlan(this.catalog, this.cluster);
    const enc = this.plan.encoding;
    this.lits = new Map();
    this.views = new Map();
    this.extraProfiles = 0;
    // the plan activated the cluster's profiles, in hardwareProfiles order
    const profiles = hardwareProfiles(this.cluster.hosts);
    profiles.forEach((p, i) => this.lits.set(this.profileKey(p, this.hardwareKey(p, this.catalog)), enc.active[i]!));
    this.baseVars = enc.engine.numVars;
  }

  /** Too many profiles or variables accumulated: encode the depot side again (the cache of answers survives). */
  async maybeRebuild(): Promise<boolean> {
    const vars = this.plan.encoding.engine.numVars;
    const signatures = this.interned.size > MAX_SIGNATURES;
    if (this.extraProfiles <= this.maxExtraProfiles && vars <= 4 * this.baseVars + 200_000 && !signatures) return false;
    if (signatures) {
      // every key changes generation: drop what was keyed by the old ones
      this.generation++;
      this.interned.clear();
      this.entryIds = new WeakMap();
      this.sigCache = new WeakMap();
      this.memo.clear();
    }
    this.plan.dispose();
    await this.build();
    return true;
  }

  dispose(): void {
    this.plan.dispose();
  }

  // ---- profiles ------------------------------------------------------------------------

  /** Interns a (long) signature as a small number, so keys stay short. */
  private intern(sig: string): number {
    let id = this.interned.get(sig);
    if (id === undefined) this.interned.set(sig, (id = this.interned.size + 1));
    return id;
  }

  private entryId(entry: HclDevice): number {
    let id = this.entryIds.get(entry);
    if (id === undefined) this.entryIds.set(entry, (id = this.intern(JSON.stringify(entry))));
    return id;
  }

  /**
   * Everything encodeProfile reads but the representative host's name: the hardware, the device
   * ids, and the HCL as the profile sees it. Profiles with one hardware key differ only in the
   * host their reasons name.
   */
  private hardwareKey(profile: HardwareProfile, catalog: Catalog): string {
    const host = profile.hosts[0]!;
    const local = `${profile.key}${SEP}${profile.devices.map((d) => d.id).join(',')}`;
    let byCatalog = this.sigCache.get(catalog);
    if (!byCatalog) this.sigCache.set(catalog, (byCatalog = new Map()));
    let key = byCatalog.get(local);
    if (key === undefined) {
      const bases = this.space.bases
        .map((b) => `${catalog.releaseOf(b.version)?.name ?? '\u0000'}${catalog.serverCertified(host, b.version) ? '+' : '-'}`)
        .join('|');
      const devices = profile.devices
        .map((d) => {
          if (!catalog.classesWithRules.has(d.class)) return '-';
          const entry = catalog.hclDevice(d);
          return entry ? String(this.entryId(entry)) : '0';
        })
        .join('|');
      key = `g${this.generation}h${this.intern(`${local}${SEP}${bases}${SEP}${devices}`)}`;
      byCatalog.set(local, key);
    }
    return key;
  }

  /** Everything encodeProfile reads: the hardware key and the representative host. */
  private profileKey(profile: HardwareProfile, hardwareKey: string): string {
    return `${hardwareKey}${SEP}${profile.hosts[0]!.name}`;
  }

  /** The activation literal of a profile, encoding it when new. */
  private literal(key: string, profile: HardwareProfile, catalog: Catalog): Lit {
    let lit = this.lits.get(key);
    if (lit !== undefined) return lit;
    lit = encodeProfile(this.plan.encoding.hardware, catalog, profile);
    this.lits.set(key, lit);
    this.extraProfiles++;
    return lit;
  }

  // ---- recommendations -----------------------------------------------------------------

  /**
   * The encoding with the restriction's assumptions made in every solve (in `active`, after the
   * profiles' literals) and the scenario's cluster; it shares everything else with the plan's.
   */
  private view(narrowed: Narrowed, active: Lit[]): Encoding {
    const { key, assume } = narrowed.restriction;
    const view = recentOrMade(this.views, key, MAX_VIEWS, () => {
      const made = { ...this.plan.encoding };
      // the reasons the plan found are often this space's too: checked, not searched again
      inheritExplanations(this.plan.encoding, made);
      return made;
    });
    view.active = [...active, ...assume];
    view.cluster = narrowed.cluster;
    return view;
  }

  /** Recommendations (SPEC §3.4) for these hosts under the HCL of `catalog` (whose depot must be this plan's). */
  async recommend(hosts: readonly Host[], catalog: Catalog = this.catalog, narrowed?: Narrowed): Promise<IncrementalAnswer> {
    const profiles = hardwareProfiles(hosts);
    const hardware = profiles.map((p) => this.hardwareKey(p, catalog));
    const repairs = (this.plan.options.repairs ?? 1) > 0;
    const names = (p: HardwareProfile) => p.hosts.map((h) => `${h.name}:${h.devices.map((d) => d.id).join('+')}`).join(',');
    // Without repairs, a question is its profiles' hardware in order (a base image the pre-filter
    // rules out is explained by the first profile that blocks it): reasons found for other first
    // hosts are renamed. Repairs name every host and device: then those are part of the question.
    let memoKey = hardware.map((k, i) => (repairs ? `${k}\u0003${names(profiles[i]!)}` : k)).join('\u0002');
    if (narrowed) {
      // the space, the desired image (the slots' series and base) and, for repairs, the depot
      const desired = JSON.stringify(narrowed.cluster.desired);
      memoKey += `\u0004${narrowed.restriction.key}\u0004${desired}${repairs ? `\u0004${narrowed.depotKey}` : ''}`;
    }
    const firstHosts = new Map(hardware.map((k, i) => [k, profiles[i]!.hosts[0]!.name]));
    const known = this.memo.get(memoKey);
    if (known) return { recs: repairs ? known.recs : named(renamed(known.recs, known.firstHosts, firstHosts), hosts), memo: true };

    const active = profiles.map((p, i) => this.literal(this.profileKey(p, hardware[i]!), p, catalog));
    this.plan.encoding.active = active;
    const enc = narrowed ? this.view(narrowed, active) : this.plan.encoding;
    const live = (i: number) => !narrowed?.restriction.skip.has(i);
    const bases = enc.space.bases;
    const baseVars = enc.layout.base.vars;

    const image = async (assume: Lit[]): Promise<Image | null> => {
      const choices = await best(enc, [...enc.active, ...assume]);
      return choices && toImageOf(enc, choices);
    };
    const firstValid = await best(enc, [...enc.active]);
    const latest = firstValid && toImageOf(enc, firstValid);
    const latestIndex = firstValid ? chosen(firstValid, enc.layout.base) : bases.length;

    const excluded = await excludedBases(enc, narrowed?.catalog ?? catalog, hosts, latestIndex, {
      repairs: this.plan.options.repairs,
      ...(this.plan.options.repairsBudget === undefined ? {} : { repairsBudget: this.plan.options.repairsBudget }),
      engine: this.plan.options.engine,
      ...(this.plan.options.shared === undefined ? {} : { shared: this.plan.options.shared }),
      named: repairs,
      ...(narrowed ? { skip: narrowed.restriction.skip } : {}),
    });

    // Bases before latest's have no valid combination at all: only later ones can hold the others.
    const desired = enc.cluster.desired.base_image?.version;
    let current_series: Image | null = null;
    let same_base: Image | null = null;
    if (desired !== undefined && latest) {
      const series = seriesOf(desired);
      if (seriesOf(latest.base_image.version) === series) {
        current_series = latest;
      } else {
        const indexes: number[] = [];
        for (let i = latestIndex + 1; i < bases.length; i++) if (live(i) && seriesOf(bases[i]!.version) === series) indexes.push(i);
        if (indexes.length === 1) current_series = await image([baseVars[indexes[0]!]!]);
        else if (indexes.length > 1) {
          // a one-shot clause "base is one of these", retired after the solve (as ClusterPlan does)
          const act = enc.engine.newVar();
          enc.engine.addClause([-act, ...indexes.map((i) => baseVars[i]!)]);
          current_series = await image([act]);
          enc.engine.addClause([-act]);
        }
      }
      // the desired base image is in its own series, and the oldest candidate
      const same = bases.findIndex((b, i) => live(i) && versionsEqual(b.version, desired));
      if (same < 0 || same < latestIndex || !current_series) same_base = null;
      else if (same === latestIndex) same_base = latest;
      else {
        const ci = bases.findIndex((b) => versionsEqual(b.version, current_series!.base_image.version));
        if (ci === same) same_base = current_series;
        else if (ci < same) same_base = await image([baseVars[same]!]);
        // else: current_series is on an older base, so the desired one has no valid image
      }
    }

    const recs: Recommendations = { latest, current_series, same_base, excluded_base_images: excluded };
    this.memo.set(memoKey, { recs, firstHosts });
    if (this.memo.size > this.memoSize) this.memo.delete(this.memo.keys().next().value!);
    return { recs: repairs ? recs : named(recs, hosts), memo: false };
  }
}

/**
 * `recs` with the reasons that name the first host of a profile then (`was`, by hardware key)
 * naming its first host now (`now`): the same rules, found for a host with the same hardware.
 */
function renamed(recs: Recommendations, was: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>): Recommendations {
  const to = new Map<string, string>();
  for (const [k, name] of was) {
    const first = now.get(k)!;
    if (first !== name) to.set(name, first);
  }
  if (to.size === 0) return recs;
  return { ...recs, excluded_base_images: renameHosts(recs.excluded_base_images, to) };
}

function named(recs: Recommendations, hosts: readonly Host[]): Recommendations {
  return { ...recs, excluded_base_images: nameHosts(recs.excluded_base_images, hosts) };
}
