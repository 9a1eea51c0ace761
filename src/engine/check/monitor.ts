/** Runs a set of invariants over a run's observations and keeps their verdicts. */
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

  constructor(private readonly invariants: readonly AnyInvariant[]) {
    this.memories = invariants.map((inv) => inv.init());
  }

  observe(o: Observation): void {
    this.invariants.forEach((inv, i) => {
      const v = inv.check(this.memories[i], o);
      if (v) this.found.push(v);
    });
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
    return structuredClone({ memories: this.memories, violations: this.found });
  }

  restore(s: MonitorSnapshot): void {
    const copy = structuredClone(s);
    this.memories = copy.memories;
    this.found = copy.violations;
  }
}
