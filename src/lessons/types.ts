/**
 * The lesson format: data plus short prose. A lesson names a lab scenario and a seed, then
 * walks the learner through steps. Each step says what to do, allows only the controls it
 * needs, may ask for a prediction first (the run waits for the answer), and completes when
 * its goals — predicates over what the learner did and what the run then did — hold.
 * Research behind the shape: ../shared/CURRICULUM.md §2 (predict → observe → explain;
 * goals that tick themselves; scaffold, then fade; sandbox last).
 */
import type { Json, NodeId } from '../engine/protocol';
import type { SimAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';
import type { TraceEntry } from '../engine/sim/trace';
import type { Capabilities } from '../state/capabilities';
import type { OptionalPanel } from '../state/lab-store';

/** What the lesson shows in the catalogue (loaded eagerly for the home page). */
export interface LessonMeta {
  readonly id: string;
  /** Its place in the curriculum, e.g. 9 for L9. */
  readonly number: number;
  readonly title: string;
  readonly minutes: number;
  /** Guided steps (the module's steps.length; a test keeps the two equal). */
  readonly stepCount: number;
  readonly objectives: readonly string[];
  readonly prerequisites: readonly string[];
  /** Misconceptions the lesson stages, by the curriculum's catalogue ids (M01…). */
  readonly misconceptions: readonly { readonly id: string; readonly text: string }[];
}

/** The world a lesson runs in: a scenario of the lab catalogue, fixed by its seed. */
export interface LessonScenario {
  readonly scenarioId: string;
  readonly seed: number;
  readonly nodes?: number;
  readonly settings?: Readonly<Record<string, string>>;
  /** Virtual ms per wall ms when the lesson opens. */
  readonly speed?: number;
}

/**
 * What a goal sees: the run now, the moment its step began, everything recorded since, and
 * the learner's own actions since. Bindings captured by earlier steps are in `vars`.
 */
export interface GoalContext {
  readonly frame: Frame;
  readonly start: { readonly time: number; readonly frame: Frame };
  readonly trace: readonly TraceEntry[];
  readonly actions: readonly SimAction[];
  readonly vars: Readonly<Record<string, Json>>;
  /**
   * The node the learner has selected in the lab now (on the stage or in a panel's table),
   * or null: a goal such as "pick out the overloaded server" reads it (L18). Not recorded in
   * the run; absent where no one selects (headless runs without a scripted selection).
   */
  readonly selected?: NodeId | null;
}

/** A numeric goal reports how far along it is, for a progress bar. */
export interface GoalProgress {
  readonly value: number;
  readonly target: number;
  readonly label?: string;
}

export type GoalResult = boolean | { readonly done: boolean; readonly progress: GoalProgress };

export interface Goal {
  /** One line on the step's checklist. */
  readonly description: string;
  check(ctx: GoalContext): GoalResult;
}

/**
 * One sentence the lesson tells the learner. A claim about this run carries `holds`: whether
 * the run did what the sentence says (the player shows it only when it holds; the rehearsal
 * asserts every claim holds on the golden path). A sentence without `holds` is the general
 * point, true of every run (“a timeout tells you only silence”).
 */
export interface Claim {
  readonly text: string;
  readonly holds?: boolean;
}

/**
 * Text built from the run: the sentences to show, given what happened in the step (names,
 * numbers and orders come from the run, never fixed in the prose).
 */
export type Telling = (ctx: GoalContext) => readonly Claim[];

export interface PredictionOption {
  readonly id: string;
  readonly text: string;
  /** Shown after the step, beside the reveal: why this answer is right or wrong, in this run. */
  readonly feedback: Telling;
  /** A wrong answer's belief, by the lesson's misconception ids (shown in words beside it). */
  readonly misconception?: string;
}

export interface Prediction {
  readonly question: string;
  readonly options: readonly PredictionOption[];
  readonly answer: string;
  /** What the reveal claims, as a predicate over the step once its goals hold (tested). */
  holds(ctx: GoalContext): boolean;
}

/** A wrong but informative action, and what to tell the learner when it happens. */
export interface NearMiss {
  readonly id: string;
  when(ctx: GoalContext): boolean;
  readonly feedback: string;
}

/**
 * A named shortcut the step offers as a button (RaftScope's "align timers"): several
 * actions at one virtual instant, computed from the run as it is.
 */
export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  actions(frame: Frame): SimAction[];
}

/**
 * A new run of the lesson's scenario, from its first moment, for a step or the sandbox that
 * needs the world untouched (a second single-decree Paxos instance: the first one's value is
 * chosen for good). `settings` are laid over the lesson's own (e.g. a broken variant).
 */
export interface FreshRun {
  readonly settings?: Readonly<Record<string, string>>;
}

export interface Step {
  readonly id: string;
  readonly title: string;
  /** About 60 words at most: what is going on and why it matters. */
  readonly prose: string;
  /** The action the learner must take, as an instruction. */
  readonly task: string;
  /** What the learner may do during this step. */
  readonly allow: Capabilities;
  /** The step begins a new run (before its setup); earlier steps' run is left behind. */
  readonly freshRun?: FreshRun;
  /** Changes the lesson makes as the step begins (recorded, like the learner's own). */
  readonly setup?: readonly SimAction[];
  /** Virtual ms per wall ms for this step (the learner can still change it if allowed). */
  readonly speed?: number;
  /** Nodes to point at while the step runs (signalling): e.g. the current leader. */
  highlight?(ctx: GoalContext): readonly NodeId[];
  /** Shortcuts offered as buttons during the step. */
  readonly presets?: readonly Preset[];
  /** The panels shown beside the cluster during this step (all when absent). */
  readonly panels?: readonly OptionalPanel[];
  readonly predict?: Prediction;
  /** Every goal must hold; each ticks itself off and stays ticked. */
  readonly goals: readonly Goal[];
  /** Tiered: a nudge, then a pointer, then exactly what to do. */
  readonly hints: readonly string[];
  readonly nearMisses?: readonly NearMiss[];
  /** The explanation once the goals hold: what this run did, then why. */
  readonly reveal: Telling;
  /** Values to remember for later steps (e.g. which node was the old leader). */
  capture?(ctx: GoalContext): Record<string, Json>;
  /** How much virtual time before completion "Replay the key moment" shows (default 1500). */
  readonly replayMs?: number;
  /** A lesson that takes the step's point further, linked under the reveal (e.g. L12 → L9). */
  readonly seeAlso?: { readonly href: string; readonly text: string };
}

export interface Challenge {
  readonly id: string;
  readonly text: string;
  readonly goal: Goal;
}

export interface Sandbox {
  /** What is open, and an invitation to the challenges (it sets none the list does not hold). */
  readonly prose: string;
  readonly challenges: readonly Challenge[];
  /** The sandbox begins a new run (e.g. with a broken variant on) rather than going on. */
  readonly freshRun?: FreshRun;
  /** Changes the lesson makes as the sandbox opens (e.g. hold messages, so none slip by). */
  readonly setup?: readonly SimAction[];
  /** Virtual ms per wall ms as the sandbox opens (the learner can change it). */
  readonly speed?: number;
  /** A scripted learner who meets every challenge (tests prove each can be met, as worded). */
  readonly golden?: readonly Move[];
}

/**
 * A scripted learner, for tests: what to do at each step, as engine actions (computed from
 * the frame when the target depends on the run, e.g. "crash the leader"), with waits.
 */
export type Move =
  | { readonly act: SimAction | ((ctx: GoalContext) => SimAction) }
  | { readonly waitMs: number }
  | { readonly preset: string }
  | { readonly answer: string }
  /** Select a node in the lab (null: clear the selection), as clicking it does. */
  | { readonly select: NodeId | null };

export interface Lesson extends LessonMeta {
  readonly scenario: LessonScenario;
  readonly steps: readonly Step[];
  readonly sandbox: Sandbox;
  /** The golden path: one list of moves per step, in order (used by the lesson tests). */
  readonly golden: Readonly<Record<string, readonly Move[]>>;
}
