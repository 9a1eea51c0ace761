/** Runs a set of invariants over a run's observations and keeps their verdicts. */
import { cloneData } from '../sim/clone';
import type { AnyInvariant, Observation, Violation } from './invariant';

export interface MonitorSnapshot {
  readonly memories: unknown[];
  readonly violations: Violation[];
}

export interface InvariantStatus {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The first violation found, or null while the invariant holds. */
  readonly violation: Violation | null;
}

export class Monitor {
  private memories: unknown[];
  private found: Violation[] = [];

  private readonly invariants: readonly AnyInvariant[];

  /**
   * `invariants` may name one invariant more than once (two protocols of a scenario can both
   * list the guarantee they share, as the store's client and replica do): each id is
   * watched, and shown, once — the first listed.
   */
  constructor(invariants: readonly AnyInvariant[]) {
    const ids = new Set<string>();
    this.invariants = invariants.filter((inv) => !ids.has(inv.id) && ids.add(inv.id));
    this.memories = this.invariants.map((inv) => inv.init());
  }

  /**
   * Show every invariant one observation. Observations are never changed once made, so
   * checkers may keep them (or parts of them) without copying, and must not change them:
   * a node's unchanged log is handed over as the very same array event after event.
   */
  observe(o: Observation): void {
    const invariants = this.invariants;
    for (let i = 0; i < invariants.length; i++) {
      const inv = invariants[i] as AnyInvariant;
      const v = inv.check(this.memories[i], o);
      // Filed under the invariant that found it, whatever it calls itself: status() finds a
      // violation by id, and one filed under another name would show as "holds".
      if (v) this.found.push(v.invariant === inv.id ? v : { ...v, invariant: inv.id });
    }
  }

  /** True when some invariant is watching (else observations need not be taken). */
  get isWatching(): boolean {
    return this.invariants.length > 0;
  }

  get violations(): readonly Violation[] {
    return this.found;
  }

  status(): InvariantStatus[] {
    return this.invariants.map((inv) => ({
      id: inv.id,
      title: inv.title,
      description: inv.description,
      violation: this.found.find((v) => v.invariant === inv.id) ?? null,
    }));
  }

  snapshot(): MonitorSnapshot {
    // Each memory copied on its own: checkers may keep the same observation in theirs.
    return { memories: this.memories.map(cloneData), violations: cloneData(this.found) };
  }

  restore(s: MonitorSnapshot): void {
    this.memories = s.memories.map(cloneData);
    this.found = cloneData(s.violations);
  }
}
