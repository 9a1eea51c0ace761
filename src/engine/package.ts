/**
 * The contract of a protocol package: one folder per protocol family,
 * `src/engine/protocols/<family>/`, whose `package.ts` exports `pkg: ProtocolPackage`.
 * Every catalogue — protocol loaders, lab scenarios, roles and their colours — is derived
 * from these manifests (`./packages.ts`), and the simulation tests walk each family's
 * `simulation.ts`; none is kept by hand. See `protocols/README.md` for the whole contract and the smallest example (ping).
 */
import type { AnyProtocol } from './protocol';
import type { Scenario } from './scenario';
import type { ScenarioEntry } from './scenarios/entry';
import type { SimAction } from './sim/actions';
import type { Rng } from './sim/prng';
import type { Simulation } from './sim/simulation';

/**
 * The colour tokens a role may use: each is a CSS custom property `--role-<token>` in
 * styles.css, with a light and a dark value. A role is never told by colour alone: its shape
 * and its word go with it.
 */
export type RoleColor = 'leader' | 'candidate' | 'follower' | 'peer' | 'client' | 'other';

/** The node's outline in the cluster view. */
export type RoleShape = 'circle' | 'diamond' | 'square' | 'hexagon';

/** One role a protocol's nodes can play, as the views draw it (`data-role` = `role`). */
export interface RoleSpec {
  /** The word, as `view().role` gives it and `data-role` shows it, e.g. 'leader'. */
  readonly role: string;
  readonly color: RoleColor;
  readonly shape: RoleShape;
  /** What the legend says, e.g. 'leader' or 'proposer (may also accept)'. */
  readonly legend: string;
}

/**
 * How the stage draws one message in flight, when its package says more than its kind:
 * whose it is (for colour) and a label naming what it carries.
 */
export interface MessageLook {
  /**
   * The node whose colour it wears, e.g. the proposer that owns a Paxos ballot (not its
   * sender); null: the default colour.
   */
  readonly owner: string | null;
  /** Written beside it on the stage (instead of its bare kind), e.g. "Prepare 2.n2". */
  readonly label: string;
  /**
   * Said after its accessible name ("Prepare from n2 to n3, ballot 2.n2"), so the name still
   * begins with kind, sender and receiver; e.g. "ballot 2.n2".
   */
  readonly detail: string;
}

/** A family's message looks, with the key's title (e.g. "Ballot colours"). */
export interface MessageLooks {
  /** The key's heading, naming what the colours mean. */
  readonly title: string;
  /** The look of a message of protocol `protocolId` (its payload as the frame carries it); null: default. */
  look(protocolId: string, payload: unknown): MessageLook | null;
}

/** A table of protocol modules by protocol id (the id a scenario's node names). */
export type ProtocolTable = Readonly<Record<string, AnyProtocol>>;

/**
 * One randomized simulation test of a family, run by the one seed runner
 * (`src/engine/testing/seed-runner.ts`, walked by `packages.sim.test.ts`) over many seeds.
 * A family lists its suites in `protocols/<family>/simulation.ts` (`export const suites`),
 * apart from its manifest so the page never loads them. Each runs
 * with faults drawn from each seed and every invariant of the scenario's protocols checked
 * after every event. A failing seed is printed as a lab link that replays it.
 */
export interface SimulationSuite {
  /** Names the suite in test output, e.g. 'ping, 5 nodes, crashes and cuts'. */
  readonly name: string;
  /** The lab scenario a failing seed's link opens (`#/lab/<scenarioId>?seed=…&run=…`). */
  readonly scenarioId: string;
  /** The lab settings the link carries (as the URL spells them), so it rebuilds `scenario`. */
  readonly settings?: Readonly<Record<string, string>>;
  /** The node count the link carries. */
  readonly nodes?: number;
  /** The scenario each seed runs: the lab's own builder with `nodes` and `settings`. */
  scenario(): Scenario;
  /** Virtual milliseconds each seed runs. */
  readonly durationMs: number;
  /** A fault is drawn this often (virtual ms). */
  readonly faultEveryMs: number;
  /**
   * How many seeds CI runs (keep the suite to seconds on a busy 2-core machine). The
   * environment may change it: `<FAMILY>_SEEDS` (e.g. RAFT_SEEDS), else SEEDS.
   */
  readonly seeds: number;
  /**
   * One fault (or repair) that makes sense now, drawn from `rng` (the seed's nemesis stream);
   * null for none this time. Weights may themselves come from the seed.
   */
  nemesis(sim: Simulation, rng: Rng): SimAction | null;
  /**
   * Virtual milliseconds to run after `durationMs` once `quiesce`'s repairs are made, so the
   * store converges or the cluster settles before `check` (absent: no such phase).
   */
  readonly settleMs?: number;
  /**
   * The repairs that end the fault phase (heal the network, restart or resume nodes, stop
   * the clients' workload…), made at `durationMs` when `settleMs` is set. They are applied as
   * recorded actions, so the replay link ends the same way. Absent: `healAll` (testing/nemesis.ts).
   */
  quiesce?(sim: Simulation): readonly SimAction[];
  /**
   * Invariants (by id) this configuration does not promise, e.g. 'no-stale-read' for eventual
   * consistency: they are still checked (the lab shows them, and `tally` may count them), but
   * a violation of one does not fail the seed.
   */
  readonly tolerates?: readonly string[];
  /** Checks beyond the invariants, once the run ends (histories, convergence): a failure in words, or null. */
  check?(sim: Simulation): string | null;
  /**
   * Counts from one seed's run (operations acknowledged, reads served, histories the
   * checker could not decide…), summed over every seed the runner runs; `judge` reads them.
   */
  tally?(sim: Simulation): Readonly<Record<string, number>>;
  /**
   * Judges the sums of `tally` over all `seeds` (e.g. "the runs did real work": clients got
   * answers despite the faults): a failure in words, or null. Not called for a single-seed replay.
   */
  judge?(totals: Readonly<Record<string, number>>, seeds: number): string | null;
}

/** What one protocol family offers the engine, the lab and the tests. */
export interface ProtocolPackage {
  /** The family's id: its folder's name, e.g. 'ping'. */
  readonly id: string;
  readonly title: string;
  /** Where its scenarios sit in the lab catalogue (ascending; ties by id). */
  readonly order: number;
  /** The protocol ids its modules provide (what a scenario's nodes name). */
  readonly protocolIds: readonly string[];
  /**
   * Loads the family's protocol modules, lazily, so a worker loads only its own family.
   * Resolves to a table with exactly `protocolIds` as keys.
   */
  load(): Promise<ProtocolTable>;
  /** The roles its nodes can play, in the order the legend lists them. */
  readonly roles: readonly RoleSpec[];
  /** Its lab scenarios. */
  readonly scenarios: readonly ScenarioEntry[];
  /**
   * Optional: how the stage colours and labels its messages (small and pure: the page loads
   * every manifest). Absent: every message is drawn in one colour, labelled by its kind.
   */
  readonly messageLooks?: MessageLooks;
}

/** A family's protocol table, keyed by each module's own `id` (so the id is written once). */
export function tableOf(modules: readonly AnyProtocol[]): ProtocolTable {
  return Object.fromEntries(modules.map((m) => [m.id, m]));
}
