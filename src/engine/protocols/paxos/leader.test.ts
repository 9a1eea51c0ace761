/**
 * The distinguished proposer (Lamport, "Paxos Made Simple", 2001, §2.4): only the leader
 * starts ballots; a proposer that hears no heartbeat from a lower-id proposer for a ballot
 * timeout takes over (so a crashed leader is replaced); and the duel that a fixed retry
 * allows ends once a leader is elected.
 */
import { describe, expect, it } from 'vitest';
import { handContext } from '../../testing/hand-context';
import { fromLab } from '../../testing/lab-suite';
import { startInProcess } from '../../testing/run';
import { readPaxosOptions } from './options';
import { paxos } from './paxos';
import { paxosEntry } from './scenarios';
import type { PaxosMessage, PaxosPersisted } from './types';

const ACCEPTORS = ['n1', 'n2', 'n3'];

function proposer(id: string) {
  const h = handContext<PaxosMessage, PaxosPersisted>(
    id,
    ACCEPTORS.filter((a) => a !== id),
  );
  const options = readPaxosOptions({
    acceptors: ACCEPTORS,
    proposer: true,
    value: id === 'n1' ? 'A' : 'B',
    leader: true,
    timeoutMs: 300,
  });
  const s = paxos.init(h.ctx, options);
  const prepares = () => h.sent.filter((x) => x.m.type === 'Prepare').length;
  return { h, s, prepares };
}

describe('distinguished proposer (§2.4)', () => {
  it('the lowest-id proposer leads: it heartbeats to the nodes after it and starts ballots', () => {
    const p = proposer('n1');
    expect(p.h.sent.filter((x) => x.m.type === 'Heartbeat').map((x) => x.to)).toEqual(['n2', 'n3']);
    expect(p.h.timers.get('heartbeat')).toBe(75);
    paxos.onAction(p.s, { id: 'propose' }, p.h.ctx);
    expect(p.prepares()).toBe(2);
  });

  it('a higher-id proposer defers while it hears the leader, and takes over after a silent timeout', () => {
    const p = proposer('n2');
    p.h.clear();
    p.h.clock.now = 100;
    paxos.onMessage(p.s, 'n1', { type: 'Heartbeat' }, p.h.ctx);
    p.h.clock.now = 350;
    paxos.onTimer(p.s, 'retry', p.h.ctx);
    expect(p.prepares()).toBe(0);
    expect(p.h.facts).toContainEqual({ kind: 'deferred', leader: 'n1' });
    expect(paxos.view(p.s).following).toBe('n1');
    // n1 crashed: nothing heard since 100; at 100 + 300 ms n2 leads.
    p.h.clock.now = 420;
    paxos.onTimer(p.s, 'retry', p.h.ctx);
    expect(p.prepares()).toBe(2);
    expect(p.s.ballot?.by).toBe('n2');
  });

  it('off by default: existing scenarios keep their behaviour', () => {
    expect(readPaxosOptions({ acceptors: ACCEPTORS }).leader).toBe(false);
    const built = paxosEntry.build({ nodes: 3, settings: {} });
    expect(built.nodes.every((n) => (n.options as { leader: boolean }).leader === false)).toBe(
      true,
    );
  });
});

/** The duel preset: proposers start at the same moment and retry after a fixed wait. */
const duel = (leader: boolean) =>
  fromLab(paxosEntry, 5, {
    proposers: '3',
    start: 'together',
    backoff: 'fixed',
    ...(leader ? { leader: '1' } : {}),
  });

/** Virtual ms until the first node learns the value, or null if none does by `untilMs`. */
function timeToDecide(part: ReturnType<typeof duel>, seed: number, untilMs: number) {
  const sim = startInProcess(part.scenario(), seed);
  for (let t = 50; t <= untilMs; t += 50) {
    sim.runUntilSync(t);
    const learned = sim.trace.find((e) => e.k === 'log' && e.fact?.kind === 'learned');
    if (learned) return learned.t;
  }
  return null;
}

describe('the duel preset with a leader', () => {
  it('decides on every seed tried, and only the leader starts ballots', () => {
    for (let seed = 1; seed <= 20; seed++) {
      expect(timeToDecide(duel(true), seed, 3000), `seed ${seed}`).not.toBeNull();
    }
    const sim = startInProcess(duel(true).scenario(), 1);
    sim.runUntilSync(3000);
    const starters = new Set(
      sim.trace
        .filter((e) => e.k === 'log' && e.fact?.kind === 'prepare-sent')
        .map((e) => (e.k === 'log' ? e.node : '')),
    );
    expect([...starters]).toEqual(['n1']);
  });
});
