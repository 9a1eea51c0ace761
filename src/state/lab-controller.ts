/**
 * The lab controller: the views' one door to the running lab. It opens a scenario's run (one
 * Web Worker per node) in a LabSession, which owns the run loop, drives the session from
 * requestAnimationFrame, and publishes what the session folds into the store. Views call these
 * functions from handlers and effects; they read only the store.
 */
import { scenarioEntry } from '../engine/scenarios';
import { settingsToQuery } from '../engine/scenarios/settings';
import { labHash } from '../app/router';
import type { RecordedAction, SimAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';
import { ActionRejected, type Simulation } from '../engine/sim/simulation';
import { encodeActions } from '../engine/share/run-link';
import type { TraceEntry } from '../engine/sim/trace';
import { attachAutomation, type LabStats } from './automation-bridge';
import { DEFAULT_SPEED, useLab, type LabState } from './lab-store';
import { allowsAction } from './capabilities';
import { animate, LabSession, type LabUpdate } from './lab-session';
import { VerdictKeeper } from './history-verdict';
import { foldUpdate, InspectedHistory } from './view-fold';
import { readLabRequest, startRun } from './lab-start';

export interface LabConfig {
  readonly scenarioId: string;
  readonly seed: number;
  readonly nodes: number | null;
  /** An encoded shared run (recorded actions), from the URL. */
  readonly run: string | null;
  /** The scenario's settings as the URL gives them (read and checked here). */
  readonly settings: Readonly<Record<string, string>>;
}

let session: LabSession | null = null;
let stopAnimation: (() => void) | null = null;
let verdicts: VerdictKeeper | null = null;
let config: LabConfig | null = null;
let generation = 0;
let inspected = new InspectedHistory();

const set = useLab.setState;

/** Fold a session's update, and what the views derive from it, into the store. */
function publish(s: LabSession, u: LabUpdate): void {
  if (s !== session) return;
  if (u.history) verdicts?.update(u.history);
  set(foldUpdate(s, u, useLab.getState(), inspected));
}

// Selecting a message (the cluster view sets `inspected`) shows its history at once.
useLab.subscribe((state, previous) => {
  if (session && state.inspected !== previous.inspected) set(inspected.fold(session, state));
});

function report(err: unknown): void {
  const message =
    err instanceof ActionRejected ? err.message : err instanceof Error ? err.message : String(err);
  set({ notice: message });
}

/**
 * Start (or restart) the lab on a scenario. Resolves once the first frame is published.
 * A restart (Reset, a new seed, new settings) keeps the learner's Play/Pause choice; a lab
 * opened afresh starts playing.
 */
export async function openLab(next: LabConfig): Promise<void> {
  const myGeneration = ++generation;
  const isRestart = config !== null;
  closeLab();
  config = next;
  const entry = scenarioEntry(next.scenarioId);
  if (!entry) {
    set({
      status: 'error',
      error: `There is no scenario called "${next.scenarioId.slice(0, 80)}".`,
      frame: null,
    });
    return;
  }
  const request = readLabRequest(entry, next);
  set({
    status: 'loading',
    error: null,
    notice: request.notice,
    scenarioId: entry.id,
    scenarioTitle: entry.title,
    seed: next.seed,
    nodeCount: next.nodes,
    settings: request.settings,
    frame: null,
    narration: [],
    history: [],
    historyVerdict: null,
    violationEvents: {},
    inspected: null,
    achievedSpeed: null,
    playing: isRestart ? useLab.getState().playing : true,
  });
  try {
    const { sim: started, protocolActions } = await startRun(entry, next.nodes, next.seed, request);
    if (myGeneration !== generation) {
      started.dispose();
      return;
    }
    const { playing, speed } = useLab.getState();
    const opened = new LabSession(
      started,
      {
        publish: (u) => publish(opened, u),
        report,
        controls: (c) => {
          if (opened === session) set(c);
        },
        tell: (sentence) => {
          if (opened !== session) return;
          const { notice } = useLab.getState();
          set({ notice: notice ? `${notice} ${sentence}` : sentence });
        },
        pace: (achievedSpeed) => {
          if (opened === session) set({ achievedSpeed });
        },
      },
      { playing, speed },
    );
    session = opened;
    verdicts = new VerdictKeeper((historyVerdict) => {
      if (opened === session) set({ historyVerdict });
    });
    set({ status: 'ready', protocolActions });
    opened.publish();
    stopAnimation = animate(opened);
  } catch (err) {
    if (myGeneration === generation) {
      set({
        status: 'error',
        error: `The simulation could not start: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
}

/** Stop the run: its workers are terminated and the animation loop ends. */
export function closeLab(): void {
  stopAnimation?.();
  stopAnimation = null;
  session?.dispose();
  session = null;
  verdicts?.dispose();
  verdicts = null;
  inspected = new InspectedHistory();
}

/** The learner left the lab page: the next lab opened is a fresh one. */
export function leaveLab(): void {
  generation++;
  closeLab();
  config = null;
  set({
    status: 'idle',
    frame: null,
    narration: [],
    notice: null,
    error: null,
    mode: 'lab',
    allow: null,
    panels: null,
    selected: null,
  });
}

/** Let the run go on at its speed (and clear the notice: the learner has moved on). */
export function play(): void {
  set({ playing: true, notice: null });
  session?.play();
}

/** Hold the run still; actions can still be applied. */
export function pause(): void {
  set({ playing: false });
  session?.pause();
}

/** Virtual ms per wall ms; anything but a positive number means the default speed. */
export function setSpeed(speed: number): void {
  const valid = Number.isFinite(speed) && speed > 0 ? speed : DEFAULT_SPEED;
  set({ speed: valid });
  session?.setSpeed(valid);
}

/** Dismiss the notice (a rejected action, a branch, an ignored setting). */
export function dismissNotice(): void {
  set({ notice: null });
}

/** Tell the learner something that did not stop the lab (e.g. a seed that is not a number). */
export function showNotice(text: string): void {
  set({ notice: text });
}

/** Show a node, or a message, in the inspector (null: nothing). */
export function inspect(what: LabState['inspected']): void {
  set({ inspected: what });
}

/** Run exactly to the next event (pauses the animation). */
export async function step(): Promise<void> {
  await session?.step();
}

/** Go back to the previous event (a seek: restore a checkpoint and replay), paused. */
export async function stepBack(): Promise<void> {
  await session?.stepBack();
}

/** Apply a learner's action now, if the step allows it; false (with a notice) when refused. */
export async function act(action: SimAction): Promise<boolean> {
  if (!allowsAction(useLab.getState().allow, action)) {
    set({ notice: 'That is not part of this step: the lesson opens it later.' });
    return false;
  }
  if (!session) return false;
  try {
    // Cleared first: the publish after the action may bring a notice of its own (a branch).
    set({ notice: null });
    await session.act(action);
    return true;
  } catch (err) {
    report(err);
    return false;
  }
}

/** Restart with the same scenario and seed, forgetting the learner's actions. */
export function reset(): Promise<void> {
  return config ? openLab({ ...config, run: null }) : Promise.resolve();
}

/** Run `ms` of virtual time as fast as possible (fast-forward batches), paused. */
export async function advance(ms: number): Promise<Frame | null> {
  return session ? session.advance(ms) : null;
}

/**
 * Move to virtual time t on this branch (restoring a checkpoint and replaying), paused.
 * While a seek runs, newer targets replace older ones: only the latest is done.
 */
export async function seekTo(t: number): Promise<void> {
  await session?.seekTo(t);
}

/**
 * Go back to virtual time t and forget the recorded future, as if the learner had acted
 * there: restarting a lesson step means its earlier attempts will not replay.
 */
export async function restartFrom(t: number): Promise<void> {
  await session?.restartFrom(t);
}

/**
 * Replay from virtual time `from` to `until` at `speed` (or the learner's, if slower), then
 * stop there with the learner's speed back. Resolves when the replay ends.
 */
export async function replayMoment(from: number, until: number, speed: number): Promise<void> {
  await session?.replayMoment(from, until, speed);
}

/** The number of trace entries so far (the index the next entry will get). */
export function traceLength(): number {
  return session?.sim.recorder.length ?? 0;
}

/** Trace entries from index `from` on, oldest first (those still kept in memory). */
export function traceFrom(from: number): TraceEntry[] {
  const r = session?.sim.recorder;
  if (!r) return [];
  return r.entries.slice(Math.max(0, from - r.firstKept));
}

/** Trace entries from virtual time `from` on (at most `max`, the latest kept), oldest first. */
export function traceSince(from: number, max = 2000): TraceEntry[] {
  return session?.traceSince(from, max) ?? [];
}

/** Trace entry i in words, with its time (or a note that it is no longer kept). */
export function describeEntry(i: number): string {
  return session?.describeEntry(i) ?? `event #${i} (no longer in memory)`;
}

/** The send entry of a message, if still kept. */
export function sendOf(msgId: number): TraceEntry | undefined {
  return session?.sendOf(msgId);
}

/** Everything that happened before trace entry i (Lamport's happened-before). */
export function causalPast(i: number): ReadonlySet<number> {
  return new Set(session?.causality.causalPast(i) ?? []);
}

/** How a message came to be: its send, what triggered that handler, and so on back. */
export function messageHistory(msgId: number): string[] {
  return session?.messageHistory(msgId) ?? [];
}

/** The learner's recorded actions on this branch (what a shared link or saved lesson carries). */
export function recordedActions(): readonly RecordedAction[] {
  return session?.sim.recordedActions() ?? [];
}

/** A link that reproduces this run: scenario, seed, settings and the recorded actions. */
export function shareUrl(): string | null {
  if (!session) return null;
  const { scenarioId, seed, nodeCount, settings } = useLab.getState();
  const specs = scenarioEntry(scenarioId)?.settings ?? [];
  const hash = labHash(
    scenarioId,
    seed,
    nodeCount,
    encodeActions(session.sim.recordedActions()),
    settingsToQuery(specs, settings),
  );
  return `${window.location.origin}${window.location.pathname}${hash}`;
}

/** The running simulation (null while none runs), for the lesson player and tests. */
export function currentSimulation(): Simulation | null {
  return session?.sim ?? null;
}

/** Events so far, recent events per wall second, live workers (the page hook's stats()). */
export function stats(): LabStats {
  return session?.stats() ?? { events: 0, eventsPerSecond: 0, workers: 0 };
}

function isReady(): boolean {
  return session !== null && useLab.getState().status === 'ready';
}

/** Resolves when a simulation is running (after a start or restart under way). */
function whenReady(): Promise<void> {
  if (isReady()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useLab.subscribe(() => {
      if (!isReady()) return;
      stop();
      resolve();
    });
  });
}

// `window.netsplit` reaches the lab through the bridge (this module loads with the lab).
attachAutomation({
  isReady,
  whenReady,
  now: () => session?.sim.time ?? 0,
  frame: () => session?.sim.frame(40) ?? null,
  traceHash: () => session?.sim.traceHash() ?? null,
  advance,
  seek: async (ms) => {
    await seekTo(ms);
    return session?.sim.frame(40) ?? null;
  },
  stats,
  actions: () => recordedActions(),
});
