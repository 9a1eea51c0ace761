/**
 * Hand-made schedules for Raft's crafted tests: messages held and delivered one by one, so a
 * test can build the exact interleaving a bug needs (e.g. the double vote of Election Safety,
 * thesis §3.6 and §3.8: votedFor must be on stable storage before the vote leaves).
 */
import type { Simulation } from '../../sim/simulation';

/** Deliver the first held message from `from` to `to` of `kind` whose payload fits `where`. */
export function deliverHeld(
  sim: Simulation,
  from: string,
  to: string,
  kind: string,
  where: (m: Record<string, unknown>) => boolean = () => true,
): void {
  const m = sim
    .frame()
    .inFlight.find(
      (x) =>
        x.heldSince !== null &&
        x.from === from &&
        x.to === to &&
        x.kind === kind &&
        where(x.payload as Record<string, unknown>),
    );
  if (!m) throw new Error(`no held ${kind} from ${from} to ${to}`);
  sim.actSync({ type: 'deliver-message', msg: m.id });
}

/** The role node `id` shows now (undefined when there is no such node). */
export const roleOf = (sim: Simulation, id: string) =>
  sim.frame().nodes.find((n) => n.id === id)?.role;

/**
 * On a three-server cluster just started (n1, n2, n3): n3 votes for n1 in term 1, is crashed
 * by `crash` ('crash', or 'crash-lose-writes' for a lying fsync) and restarts, and n2 then asks
 * it for a vote in the same term. Whether n3 votes again is the test's question.
 * @throws Error when n1 did not become leader first (the schedule no longer fits the run).
 */
export function voteTwice(sim: Simulation, crash: 'crash' | 'crash-lose-writes'): Simulation {
  sim.actSync({ type: 'hold-messages', on: true });
  sim.actSync({ type: 'protocol', node: 'n1', action: { id: 'timeout' } });
  sim.runUntilSync(25);
  deliverHeld(sim, 'n1', 'n3', 'RequestVote');
  sim.runUntilSync(50);
  deliverHeld(sim, 'n3', 'n1', 'RequestVoteReply');
  if (roleOf(sim, 'n1') !== 'leader') throw new Error('n1 did not become leader in term 1');
  sim.actSync({ type: crash, node: 'n3' });
  sim.actSync({ type: 'restart', node: 'n3' });
  sim.actSync({ type: 'protocol', node: 'n2', action: { id: 'timeout' } });
  sim.runUntilSync(75);
  deliverHeld(sim, 'n2', 'n3', 'RequestVote');
  sim.runUntilSync(100);
  deliverHeld(sim, 'n3', 'n2', 'RequestVoteReply');
  return sim;
}
