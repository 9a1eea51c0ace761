/**
 * The lab controller: owns the running Simulation (one Web Worker per node), drives it
 * from requestAnimationFrame at the chosen speed, applies the learner's actions and
 * publishes frames to the store. Views call it; they never touch the engine directly.
 */
import type { AnyInvariant } from '../engine/check/invariant';
import { createWorkerHost } from '../engine/host/worker-host';
import { loadProtocols } from '../engine/protocols/registry';
import { scenarioEntry } from '../engine/scenarios';
import { readSettings, settingsToQuery } from '../engine/scenarios/settings';
import { labHash } from '../app/router';
import type { RecordedAction, SimAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';
import { ActionRejected, Simulation } from '../engine/sim/simulation';
import { decodeActions, encodeActions } from '../engine/share/run-link';
import type { TraceEntry } from '../engine/sim/trace';
import { isNotable, narrate } from './narration';
import { CausalIndex } from '../engine/sim/causality';
import { TimelineTracker } from './timeline';
import { HistoryTracker } from './history-tracker';
import { attachAutomation, type LabStats } from './automation-bridge';
import { DEFAULT_SPEED, useLab } from './lab-store';
import { allowsAction } from './capabilities';

export interface LabConfig {
  readonly scenarioId: string;
  readonly seed: number;
  readonly nodes: number | null;
  /** An encoded shared run (recorded actions), from the URL. */
  readonly run: string | null;
  /** The scenario's settings as the URL gives them (read and checked here). */
  readonly settings: Readonly<Record<string, string>>;
}

/** At most this much virtual time per animation frame, so a slow frame never freezes the page. */
const MAX_VIRTUAL_STEP_MS = 250;

let sim: Simulation | null = null;
let config: LabConfig | null = null;
let generation = 0;
let busy = false;
let lastWall: number | null = null;
let rafId: number | null = null;
/** Events per wall-clock second: the last completed measurement, and the one under way. */
let lastRate = { events: 0, seconds: 0 };
let rateWindow = { startWall: 0, startEvents: 0 };
const RATE_WINDOW_MS = 1000;

const set = useLab.setState;

/** How many narrated events the log keeps, and how far back one publish looks for them. */
const NARRATION_KEPT = 60;
const NARRATION_SCAN = 5_000;
let narrated = 0;

/** The notable trace entries written since the last publish (all of them, not just a frame's tail). */
function narrationUpdate(s: Simulation): readonly TraceEntry[] {
  const previous = useLab.getState().narration;
  const length = s.recorder.length;
  // After a seek back the trace is shorter: forget the abandoned future.
  let kept = narrated > length ? previous.filter((e) => e.i < length) : previous;
  if (narrated > length) narrated = length;
  const fresh: TraceEntry[] = [];
  for (let i = Math.max(narrated, length - NARRATION_SCAN, s.recorder.firstKept); i < length; i++) {
    const e = s.recorder.at(i);
    if (e && isNotable(e)) fresh.push(e);
  }
  narrated = length;
  if (fresh.length) kept = [...kept, ...fresh].slice(-NARRATION_KEPT);
  return kept;
}

let timeline: TimelineTracker | null = null;
let history: HistoryTracker | null = null;
let causality: CausalIndex | null = null;

/** Trace entries from virtual time `from` on (at most `max`, the latest kept), oldest first. */
export function traceSince(from: number, max = 2000): TraceEntry[] {
  if (!sim) return [];
  const r = sim.recorder;
  const out: TraceEntry[] = [];
  for (let i = r.length - 1; i >= r.firstKept && out.length < max; i--) {
    const e = r.at(i);
    if (!e || e.t < from) break;
    out.push(e);
  }
  return out.reverse();
}

/** Trace entry i in words, with its time (or a note that it is no longer kept). */
export function describeEntry(i: number): string {
  const e = sim?.recorder.at(i);
  return e ? `${e.t.toFixed(1)} ms — ${narrate(e)}` : `event #${i} (no longer in memory)`;
}

/** The send entry of a message, if still kept. */
export function sendOf(msgId: number): TraceEntry | undefined {
  const i = causality?.sendEntryOf(msgId);
  return i === undefined ? undefined : sim?.recorder.at(i);
}

/** Everything that happened before trace entry i (Lamport's happened-before). */
export function causalPast(i: number): ReadonlySet<number> {
  return new Set(causality?.causalPast(i) ?? []);
}

/** How a message came to be: its send, what triggered that handler, and so on back. */
export function messageHistory(msgId: number): string[] {
  if (!sim || !causality) return [];
  const send = causality.sendEntryOf(msgId);
  if (send === undefined) return [];
  const recorder = sim.recorder;
  return causality
    .causeChain(send)
    .map((i) => recorder.at(i))
    .filter((e): e is TraceEntry => e !== undefined)
    .map((e) => `${e.t.toFixed(1)} ms — ${narrate(e)}`);
}

function publish(): void {
  if (!sim) return;
  const update = timeline?.update();
  const ops = history?.update() ?? null;
  set({
    ...(ops ? { history: ops } : {}),
    frame: sim.frame(40),
    narration: narrationUpdate(sim),
    ...(update ? { timeline: update.view } : {}),
    ...(update?.branched
      ? {
          notice: `You acted in the past, so history branched at ${sim.time.toFixed(1)} ms: the old future is gone (branch ${update.view.branch}).`,
        }
      : {}),
  });
}

function report(err: unknown): void {
  const message =
    err instanceof ActionRejected ? err.message : err instanceof Error ? err.message : String(err);
  set({ notice: message });
}

/** Fold the animation's progress into the events-per-second figure, once a second. */
function measureRate(s: Simulation, wall: number): void {
  const elapsed = wall - rateWindow.startWall;
  if (elapsed < RATE_WINDOW_MS) return;
  if (elapsed < 2 * RATE_WINDOW_MS)
    lastRate = { events: s.recorder.length - rateWindow.startEvents, seconds: elapsed / 1000 };
  rateWindow = { startWall: wall, startEvents: s.recorder.length };
}

/**
 * One animation frame: when playing and the previous run step has landed, advance virtual
 * time by the wall time since the last frame times the speed, then publish the frame.
 * Views place messages from the frame's virtual time, so nothing else moves them.
 */
function tick(wall: number): void {
  rafId = requestAnimationFrame(tick);
  const previous = lastWall;
  lastWall = wall;
  const { playing, speed } = useLab.getState();
  if (!sim || !playing || previous === null) return;
  measureRate(sim, wall);
  // Never two run steps at once: a frame that finds the last one still running is skipped,
  // and so is one while an action waits its turn (otherwise a busy run could starve it).
  if (busy || waiting > 0) return;
  const target = sim.time + Math.min(MAX_VIRTUAL_STEP_MS, (wall - previous) * speed);
  const running = sim;
  busy = true;
  running
    .runUntil(target)
    .then(() => {
      if (running === sim) publish();
    })
    .catch(report)
    .finally(() => {
      busy = false;
    });
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
  let actions: RecordedAction[] = [];
  const notices: string[] = [];
  const settings = readSettings(entry.settings, next.settings);
  if (settings.problems.length)
    notices.push(`Some settings in this link were ignored: ${settings.problems.join('; ')}.`);
  if (next.nodes !== null && (next.nodes < entry.minNodes || next.nodes > entry.maxNodes)) {
    const used = Math.min(entry.maxNodes, Math.max(entry.minNodes, next.nodes));
    notices.push(
      `${entry.title} runs with ${entry.minNodes} to ${entry.maxNodes} nodes, so this lab has ${used}, not ${next.nodes}.`,
    );
  }
  if (next.run) {
    const decoded = decodeActions(next.run);
    if (decoded.ok) actions = decoded.actions;
    else
      notices.push(
        `The shared run in this link could not be used — ${decoded.error}. Showing a fresh run of the scenario instead.`,
      );
  }
  const notice = notices.length ? notices.join(' ') : null;
  set({
    status: 'loading',
    error: null,
    notice,
    scenarioId: entry.id,
    scenarioTitle: entry.title,
    seed: next.seed,
    nodeCount: next.nodes,
    settings: settings.values,
    frame: null,
    narration: [],
    history: [],
    inspected: null,
    playing: isRestart ? useLab.getState().playing : true,
  });
  narrated = 0;
  try {
    const scenario = entry.build({
      ...(next.nodes === null ? {} : { nodes: next.nodes }),
      settings: settings.values,
    });
    const protocols = await loadProtocols(scenario.nodes.map((n) => n.protocol));
    const invariants: AnyInvariant[] = Object.values(protocols).flatMap((p) => [
      ...(p.invariants ?? []),
    ]);
    const started = await Simulation.start({
      scenario,
      seed: next.seed,
      host: createWorkerHost(),
      actions,
      invariants,
    });
    if (myGeneration !== generation) {
      started.dispose();
      return;
    }
    sim = started;
    timeline = new TimelineTracker(started);
    history = new HistoryTracker(started.recorder);
    causality = new CausalIndex(started.recorder);
    const protocolActions = Object.fromEntries(
      Object.values(protocols).map((p) => [p.id, p.actions]),
    );
    set({ status: 'ready', protocolActions });
    publish();
    lastWall = null;
    lastRate = { events: 0, seconds: 0 };
    rateWindow = { startWall: performance.now(), startEvents: started.recorder.length };
    rafId = requestAnimationFrame(tick);
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
  if (rafId !== null) cancelAnimationFrame(rafId);
  rafId = null;
  sim?.dispose();
  sim = null;
  busy = false;
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
  });
}

export function play(): void {
  set({ playing: true, notice: null });
}

export function pause(): void {
  set({ playing: false });
}

export function setSpeed(speed: number): void {
  set({ speed: Number.isFinite(speed) && speed > 0 ? speed : DEFAULT_SPEED });
}

/** Callers waiting for the run step under way to land; the animation starts no new one meanwhile. */
let waiting = 0;

async function whenIdle(): Promise<void> {
  waiting++;
  try {
    while (busy) await new Promise((resolve) => requestAnimationFrame(resolve));
  } finally {
    waiting--;
  }
}

/** Run exactly to the next event (pauses the animation). */
export async function step(): Promise<void> {
  pause();
  await whenIdle();
  if (!sim) return;
  await sim.step().catch(report);
  publish();
}

export async function act(action: SimAction): Promise<boolean> {
  if (!allowsAction(useLab.getState().allow, action)) {
    set({ notice: 'That is not part of this step: the lesson opens it later.' });
    return false;
  }
  await whenIdle();
  if (!sim) return false;
  try {
    await sim.act(action);
    set({ notice: null });
    publish();
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
  pause();
  await whenIdle();
  if (!sim) return null;
  const before = sim.recorder.length;
  const started = performance.now();
  busy = true;
  try {
    await sim.fastForward(sim.time + Math.max(0, ms));
  } finally {
    busy = false;
  }
  lastRate = {
    events: sim.recorder.length - before,
    seconds: (performance.now() - started) / 1000,
  };
  publish();
  return sim.frame(40);
}

let seekTarget: number | null = null;
let seeking = false;

/** Move to virtual time t on this branch (restoring a checkpoint and replaying), paused. */
export async function seekTo(t: number): Promise<void> {
  pause();
  seekTarget = t;
  if (seeking) return; // the loop below picks up the latest target
  seeking = true;
  try {
    await whenIdle();
    while (seekTarget !== null && sim) {
      const target = seekTarget;
      seekTarget = null;
      busy = true;
      try {
        await sim.seek(target);
      } catch (err) {
        report(err);
      } finally {
        busy = false;
      }
      publish();
    }
  } finally {
    seeking = false;
  }
}

/**
 * Go back to virtual time t and forget the recorded future, as if the learner had acted
 * there: restarting a lesson step means its earlier attempts will not replay.
 */
export async function restartFrom(t: number): Promise<void> {
  await seekTo(t);
  await whenIdle();
  sim?.discardFuture();
  publish();
}

/** The number of trace entries so far (the index the next entry will get). */
export function traceLength(): number {
  return sim?.recorder.length ?? 0;
}

/** Trace entries from index `from` on, oldest first (those still kept in memory). */
export function traceFrom(from: number): TraceEntry[] {
  if (!sim) return [];
  const r = sim.recorder;
  const out: TraceEntry[] = [];
  for (let i = Math.max(from, r.firstKept); i < r.length; i++) {
    const e = r.at(i);
    if (e) out.push(e);
  }
  return out;
}

/** The learner's recorded actions on this branch (what a shared link or saved lesson carries). */
export function recordedActions(): readonly RecordedAction[] {
  return sim?.recordedActions() ?? [];
}

/** A link that reproduces this run: scenario, seed, settings and the recorded actions. */
export function shareUrl(): string | null {
  if (!sim) return null;
  const { scenarioId, seed, nodeCount, settings } = useLab.getState();
  const specs = scenarioEntry(scenarioId)?.settings ?? [];
  const hash = labHash(
    scenarioId,
    seed,
    nodeCount,
    encodeActions(sim.recordedActions()),
    settingsToQuery(specs, settings),
  );
  return `${window.location.origin}${window.location.pathname}${hash}`;
}

export function currentSimulation(): Simulation | null {
  return sim;
}

export function stats(): LabStats {
  return {
    events: sim?.recorder.length ?? 0,
    eventsPerSecond: lastRate.seconds > 0 ? lastRate.events / lastRate.seconds : 0,
    workers: sim?.host.workerCount() ?? 0,
  };
}

function isReady(): boolean {
  return sim !== null && useLab.getState().status === 'ready';
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
  now: () => sim?.time ?? 0,
  frame: () => sim?.frame(40) ?? null,
  traceHash: () => sim?.traceHash() ?? null,
  advance,
  stats,
  actions: () => sim?.recordedActions() ?? [],
});
