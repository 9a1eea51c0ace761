/**
 * `window.netsplit`: the page's stable automation hook for tests, benchmarks and teachers'
 * scripts (UI-CONTRACT.md). Everything it does, a person can do through the UI.
 */
import type { RecordedAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';
import { advance, currentSimulation, stats } from '../state/lab-controller';
import { useLab } from '../state/lab-store';

export interface NetsplitHook {
  readonly version: string;
  /** True once a lab's simulation is running. */
  readonly ready: boolean;
  now(): number;
  frame(): Frame | null;
  traceHash(): string | null;
  advance(ms: number): Promise<Frame | null>;
  stats(): { events: number; eventsPerSecond: number; workers: number };
  /** The learner's recorded actions (what a shared link carries). */
  actions(): readonly RecordedAction[];
}

declare global {
  interface Window {
    netsplit: NetsplitHook;
  }
}

export function installAutomationHook(version: string): void {
  const hook: NetsplitHook = {
    version,
    get ready() {
      return useLab.getState().status === 'ready' && currentSimulation() !== null;
    },
    now: () => currentSimulation()?.time ?? 0,
    frame: () => currentSimulation()?.frame(40) ?? null,
    traceHash: () => currentSimulation()?.traceHash() ?? null,
    advance,
    stats,
    actions: () => currentSimulation()?.recordedActions() ?? [],
  };
  Object.defineProperty(window, 'netsplit', { value: hook, configurable: true });
}
