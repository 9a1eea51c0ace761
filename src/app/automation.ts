/**
 * `window.netsplit`: the page's stable automation hook for tests, benchmarks and teachers'
 * scripts (UI-CONTRACT.md). Everything it does, a person can do through the UI.
 *
 * It exists on every page; its members answer for the lab that is open (and sensible
 * empty values — 0, null, [] — when none is). It reaches the lab through a tiny bridge, so
 * installing it loads none of the engine.
 */
import type { RecordedAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';
import {
  attachedAutomation,
  labAutomation,
  type LabAutomation,
  type LabStats,
} from '../state/automation-bridge';

export interface NetsplitHook {
  /** The app version (package.json). */
  readonly version: string;
  /** True once a lab's simulation is running (false while it starts or restarts). */
  readonly ready: boolean;
  /** Resolves when a lab's simulation is running. */
  whenReady(): Promise<void>;
  /** The current virtual time in ms. */
  now(): number;
  /** The world at the current virtual time, as plain JSON; null when no lab is open. */
  frame(): Frame | null;
  /** A stable hash of the event trace so far: equal runs give equal hashes. */
  traceHash(): string | null;
  /**
   * Wait until a lab runs (the lab may still be loading or starting), pause, run `ms` of
   * virtual time as fast as possible, then resolve with `frame()`.
   */
  advance(ms: number): Promise<Frame | null>;
  /**
   * Wait until a lab runs, pause and go to virtual time `ms` (absolute, as dragging the
   * Timeline does: back by restoring a checkpoint and replaying, forward by running), then
   * resolve with `frame()`. Two runs compared at the same `ms` have equal `traceHash()`s
   * when they are the same run.
   */
  seek(ms: number): Promise<Frame | null>;
  stats(): LabStats;
  /** The learner's recorded actions (what a shared link carries), to replay a run. */
  actions(): readonly RecordedAction[];
}

declare global {
  interface Window {
    netsplit: NetsplitHook;
  }
}

/** The lab, once its controller has loaded and its simulation runs. */
async function whenLabRuns(): Promise<LabAutomation> {
  const lab = await labAutomation();
  await lab.whenReady();
  return lab;
}

export function installAutomationHook(version: string): void {
  const hook: NetsplitHook = {
    version,
    get ready() {
      return attachedAutomation()?.isReady() ?? false;
    },
    whenReady: () => labAutomation().then((lab) => lab.whenReady()),
    now: () => attachedAutomation()?.now() ?? 0,
    frame: () => attachedAutomation()?.frame() ?? null,
    traceHash: () => attachedAutomation()?.traceHash() ?? null,
    advance: (ms) => whenLabRuns().then((lab) => lab.advance(ms)),
    seek: (ms) => whenLabRuns().then((lab) => lab.seek(ms)),
    stats: () => attachedAutomation()?.stats() ?? { events: 0, eventsPerSecond: 0, workers: 0 },
    actions: () => attachedAutomation()?.actions() ?? [],
  };
  Object.defineProperty(window, 'netsplit', { value: hook, configurable: true });
}
