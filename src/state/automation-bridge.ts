/**
 * Where `window.netsplit` finds the lab. The hook is installed on every page, but the lab
 * controller (and with it the engine, comlink and the workers) loads only with a lab
 * route; when it loads, it attaches itself here. Type-only imports keep this module tiny,
 * so the start page's JavaScript stays small.
 */
import type { RecordedAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';

export interface LabStats {
  /** Trace entries recorded so far in this run. */
  readonly events: number;
  /** Recent events per wall-clock second (while animating or during the last advance). */
  readonly eventsPerSecond: number;
  /** Live node workers. */
  readonly workers: number;
}

/** What the lab controller offers to automation; every member mirrors something in the UI. */
export interface LabAutomation {
  isReady(): boolean;
  /** Resolves once a lab's simulation has started (immediately if it has). */
  whenReady(): Promise<void>;
  now(): number;
  frame(): Frame | null;
  traceHash(): string | null;
  advance(ms: number): Promise<Frame | null>;
  /** Pause and go to virtual time `ms` (as dragging the Timeline does); resolves with the frame there. */
  seek(ms: number): Promise<Frame | null>;
  stats(): LabStats;
  actions(): readonly RecordedAction[];
}

let attached: LabAutomation | null = null;
const waiting: Array<(lab: LabAutomation) => void> = [];

export function attachAutomation(lab: LabAutomation): void {
  attached = lab;
  for (const resolve of waiting.splice(0)) resolve(lab);
}

export function attachedAutomation(): LabAutomation | null {
  return attached;
}

/** The lab controller, once a lab route has loaded it. */
export function labAutomation(): Promise<LabAutomation> {
  return attached ? Promise.resolve(attached) : new Promise((resolve) => waiting.push(resolve));
}
