/**
 * Multi-Paxos's rules, one handler at a time (hand-context.ts), each with its source: van
 * Renesse & Altinbuken, "Paxos Made Moderately Complex" (PMMC), 2015; Lamport, "Paxos Made
 * Simple" (PMS), 2001; Chandra et al., "Paxos Made Live", 2007. Then the checkers catching
 * each broken variant through the seed runner, with the seed that shows it.
 */
import { describe, expect, it } from 'vitest';
import { handContext } from '../../../testing/hand-context';
import { fromLab } from '../../../testing/lab-suite';
import { firstFailing, runSeed } from '../../../testing/seed-runner';
import type { Ballot } from '../ballot';
import { multiPaxos } from './multi-paxos';
import { readMultiPaxosOptions } from './options';
import { multiPaxosEntry } from './scenarios';
import { multiPaxosSuites } from './simulation';
import type {
  MultiPaxosMessage,
  MultiPaxosPersisted,
  MultiPaxosState,
  PromisedSlot,
  SlotCommand,
} from './types';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const b = (round: number, by: string): Ballot => ({ round, by });
const put = (client: string, seq: number, key: string, value: string): SlotCommand => ({
  op: 'put',
  client,
  seq,
  key,
  value,
});

function server(id: string, options: Record<string, unknown> = {}) {
  const h = handContext<MultiPaxosMessage, MultiPaxosPersisted>(
    id,
    SERVERS.filter((x) => x !== id),
  );
  const s = multiPaxos.init(h.ctx, readMultiPaxosOptions({ servers: SERVERS, ...options }));
  const deliver = (from: string, m: MultiPaxosMessage) => multiPaxos.onMessage(s, from, m, h.ctx);
  const sentOf = <T extends MultiPaxosMessage['type']>(type: T) =>
    h.sent.filter((x) => x.m.type === type) as {
      to: string;
      m: Extract<MultiPaxosMessage, { type: T }>;
    }[];
  return { s, h, deliver, sentOf };
}

/** Make `n` a candidate for ballot round 1 and hand it promises carrying `reports`. */
function elect(n: ReturnType<typeof server>, reports: Record<string, PromisedSlot[]>) {
  multiPaxos.onTimer(n.s, 'election', n.h.ctx);
  const ballot = n.s.ballot as Ballot;
  for (const [from, accepted] of Object.entries(reports))
    n.deliver(from, { type: 'Promise', ballot, fromSlot: 1, accepted });
  return ballot;
}

describe('acceptor (PMMC §3 "Acceptors"; PMS §2.2, §3)', () => {
  it('promises only a ballot at least its highest promise, for every slot at once', () => {
    const a = server('n3');
    a.deliver('n1', { type: 'Prepare', ballot: b(2, 'n1'), fromSlot: 1 });
    expect(a.s.promised).toEqual(b(2, 'n1'));
    expect(a.sentOf('Promise')).toHaveLength(1);
    a.h.clear();
    a.deliver('n2', { type: 'Prepare', ballot: b(1, 'n2'), fromSlot: 1 });
    expect(a.s.promised).toEqual(b(2, 'n1'));
    expect(a.sentOf('Promise')).toHaveLength(0);
  });

  it('a NACK carries the highest ballot it promised', () => {
    const a = server('n3');
    a.deliver('n2', { type: 'Prepare', ballot: b(5, 'n2'), fromSlot: 1 });
    a.h.clear();
    a.deliver('n1', { type: 'Prepare', ballot: b(4, 'n1'), fromSlot: 1 });
    a.deliver('n1', {
      type: 'Accept',
      ballot: b(4, 'n1'),
      slot: 1,
      command: put('c1', 1, 'x', '1'),
    });
    expect(a.sentOf('Nack').map((x) => x.m)).toEqual([
      { type: 'Nack', ballot: b(4, 'n1'), promised: b(5, 'n2') },
      { type: 'Nack', ballot: b(4, 'n1'), promised: b(5, 'n2') },
    ]);
  });

  it('accepts only at or above its promise, and writes it to disk before it answers', () => {
    const a = server('n3');
    a.deliver('n2', { type: 'Prepare', ballot: b(3, 'n2'), fromSlot: 1 });
    a.h.clear();
    a.deliver('n1', {
      type: 'Accept',
      ballot: b(2, 'n1'),
      slot: 1,
      command: put('c1', 1, 'x', '1'),
    });
    expect(a.s.accepted[1]).toBeUndefined();
    a.deliver('n2', {
      type: 'Accept',
      ballot: b(3, 'n2'),
      slot: 1,
      command: put('c1', 1, 'x', '1'),
    });
    a.deliver('n2', { type: 'Accept', ballot: b(4, 'n2'), slot: 2, command: { op: 'noop' } });
    expect(a.s.accepted[1]?.ballot).toEqual(b(3, 'n2'));
    expect(a.s.accepted[2]?.ballot).toEqual(b(4, 'n2'));
    expect(a.s.promised).toEqual(b(4, 'n2')); // accepting raises the promise
    expect(a.h.disk?.accepted[1]?.command).toEqual(put('c1', 1, 'x', '1'));
    const firstAccepted = a.h.journal.indexOf('send Accepted');
    expect(a.h.journal.lastIndexOf('persist', firstAccepted)).toBeGreaterThan(-1);
  });

  it('a promise reports every slot accepted from the first slot asked about', () => {
    const a = server('n3');
    a.deliver('n1', {
      type: 'Accept',
      ballot: b(1, 'n1'),
      slot: 1,
      command: put('c1', 1, 'x', '1'),
    });
    a.deliver('n1', {
      type: 'Accept',
      ballot: b(1, 'n1'),
      slot: 3,
      command: put('c1', 2, 'x', '2'),
    });
    a.h.clear();
    a.deliver('n2', { type: 'Prepare', ballot: b(2, 'n2'), fromSlot: 2 });
    const [promise] = a.sentOf('Promise');
    expect(promise?.m.accepted.map((x) => x.slot)).toEqual([3]);
  });
});

describe('leader (PMMC §3 "Leaders", scouts and commanders; PMS §3)', () => {
  it('runs phase 1 once, for every slot from its first undecided one, with a higher ballot', () => {
    const n = server('n1');
    n.deliver('n2', { type: 'Prepare', ballot: b(4, 'n2'), fromSlot: 1 });
    n.deliver('n2', { type: 'Decide', decisions: [{ slot: 1, command: put('c1', 1, 'x', '1') }] });
    n.h.clear();
    multiPaxos.onTimer(n.s, 'election', n.h.ctx);
    const prepares = n.sentOf('Prepare');
    expect(prepares).toHaveLength(4); // every other server; its own acceptor by loopback
    expect(prepares[0]?.m).toEqual({ type: 'Prepare', ballot: b(5, 'n1'), fromSlot: 2 });
  });

  it('adopts, per slot, the command accepted in the highest ballot the promises report', () => {
    const n = server('n1');
    const x1 = put('c1', 1, 'x', '1');
    const x2 = put('c2', 1, 'x', '2');
    elect(n, {
      n2: [{ slot: 1, ballot: b(1, 'n4'), command: x1 }],
      n3: [{ slot: 1, ballot: b(2, 'n5'), command: x2 }],
    });
    expect(n.s.role).toBe('leader');
    const accepts = n.sentOf('Accept').filter((x) => x.to === 'n2');
    expect(accepts.map((x) => [x.m.slot, x.m.command])).toEqual([[1, x2]]);
  });

  it('fills the holes below the highest reported slot with no-ops', () => {
    const n = server('n1');
    const x1 = put('c1', 1, 'x', '1');
    elect(n, { n2: [{ slot: 3, ballot: b(1, 'n4'), command: x1 }], n3: [] });
    const accepts = n.sentOf('Accept').filter((x) => x.to === 'n2');
    expect(accepts.map((x) => [x.m.slot, x.m.command.op])).toEqual([
      [1, 'noop'],
      [2, 'noop'],
      [3, 'put'],
    ]);
    expect(n.s.nextSlot).toBe(4);
    expect(n.h.facts.find((f) => f.kind === 'leader-elected')).toMatchObject({
      adopted: 1,
      holes: 2,
    });
  });

  it('while stable, sends a new command straight to phase 2 in the next slot: no phase 1', () => {
    const n = server('n1');
    elect(n, { n2: [], n3: [] });
    n.h.clear();
    n.deliver('c1', { type: 'ClientRequest', command: put('c1', 1, 'x', '1') });
    n.deliver('c1', { type: 'ClientRequest', command: put('c1', 2, 'x', '2') });
    expect(n.sentOf('Prepare')).toHaveLength(0);
    expect(
      n
        .sentOf('Accept')
        .filter((x) => x.to === 'n2')
        .map((x) => x.m.slot),
    ).toEqual([1, 2]);
  });

  it('decides a slot with a majority of Accepted, tells the replicas, applies and answers', () => {
    const n = server('n1');
    const ballot = elect(n, { n2: [], n3: [] });
    n.deliver('c1', { type: 'ClientRequest', command: put('c1', 1, 'x', '7') });
    n.h.clear();
    n.deliver('n2', { type: 'Accepted', ballot, slot: 1 });
    expect(n.s.decided[1]).toBeUndefined(); // n1 and n2: two of five
    n.deliver('n3', { type: 'Accepted', ballot, slot: 1 });
    expect(n.s.decided[1]).toEqual(put('c1', 1, 'x', '7'));
    expect(n.s.kv.x).toBe('7');
    expect(n.sentOf('Decide')).toHaveLength(4);
    expect(n.sentOf('ClientReply').map((x) => x.m)).toEqual([
      { type: 'ClientReply', seq: 1, result: { ok: true, value: '7' } },
    ]);
  });

  it('steps down when an acceptor refuses with a higher ballot', () => {
    const n = server('n1');
    const ballot = elect(n, { n2: [], n3: [] });
    n.deliver('n4', { type: 'Nack', ballot, promised: b(9, 'n4') });
    expect(n.s.role).toBe('follower');
    multiPaxos.onTimer(n.s, 'election', n.h.ctx);
    expect(n.s.ballot?.round).toBe(10);
  });

  it('a follower points a client to the leader it hears from', () => {
    const f = server('n2');
    f.deliver('n1', { type: 'Heartbeat', ballot: b(1, 'n1'), decidedUpTo: 0 });
    f.deliver('c1', { type: 'ClientRequest', command: put('c1', 1, 'x', '1') });
    expect(f.sentOf('ClientReply')[0]?.m.result).toEqual({
      ok: false,
      error: 'not-leader',
      leaderHint: 'n1',
    });
  });
});

describe('replica (PMMC §2 "Replicas"; Paxos Made Live §5 catch-up)', () => {
  it('applies decided slots in order only, and a retried request once', () => {
    const r = server('n2');
    r.deliver('n1', { type: 'Decide', decisions: [{ slot: 2, command: put('c1', 1, 'x', '1') }] });
    expect(r.s.applied).toBe(0); // slot 1 is a hole
    r.deliver('n1', {
      type: 'Decide',
      decisions: [
        { slot: 1, command: { op: 'incr', client: 'c2', seq: 1, key: 'n' } },
        { slot: 3, command: { op: 'incr', client: 'c2', seq: 1, key: 'n' } },
      ],
    });
    expect(r.s.applied).toBe(3);
    expect(r.s.kv).toEqual({ x: '1', n: '1' });
  });

  it('a replica behind the leader asks for the decided slots it lacks', () => {
    const r = server('n2');
    r.deliver('n1', { type: 'Heartbeat', ballot: b(1, 'n1'), decidedUpTo: 4 });
    expect(r.sentOf('CatchUp').map((x) => x.m)).toEqual([{ type: 'CatchUp', fromSlot: 1 }]);
    const l = server('n1');
    l.deliver('n3', {
      type: 'Decide',
      decisions: [1, 2].map((slot) => ({ slot, command: { op: 'noop' } as const })),
    });
    l.deliver('n2', { type: 'CatchUp', fromSlot: 1 });
    expect(l.sentOf('Decide')[0]?.m.decisions.map((d) => d.slot)).toEqual([1, 2]);
  });

  it('keeps its promise, acceptances and decided slots across a crash and rebuilds its store', () => {
    const a = server('n3');
    a.deliver('n1', {
      type: 'Accept',
      ballot: b(2, 'n1'),
      slot: 1,
      command: put('c1', 1, 'x', '1'),
    });
    a.deliver('n1', { type: 'Decide', decisions: [{ slot: 1, command: put('c1', 1, 'x', '1') }] });
    const h = handContext<MultiPaxosMessage, MultiPaxosPersisted>('n3', ['n1', 'n2', 'n4', 'n5']);
    const options = readMultiPaxosOptions({ servers: SERVERS });
    const s: MultiPaxosState = multiPaxos.recover(h.ctx, options, a.h.disk as MultiPaxosPersisted);
    expect(s.promised).toEqual(b(2, 'n1'));
    expect(s.accepted[1]?.command).toEqual(put('c1', 1, 'x', '1'));
    expect(s.applied).toBe(1);
    expect(s.kv.x).toBe('1');
    multiPaxos.onMessage(s, 'n2', { type: 'Prepare', ballot: b(1, 'n2'), fromSlot: 1 }, h.ctx);
    expect(h.sent.map((x) => x.m.type)).toEqual(['Nack']);
  });
});

/** The 5-server suite with a broken variant on. */
const base = multiPaxosSuites[1];
const broken = (variant: string) =>
  base && { ...base, ...fromLab(multiPaxosEntry, 5, { ...base.settings, broken: variant }) };

describe('the checkers catch what breaks Multi-Paxos', () => {
  it.each([
    ['ignore-accepted', 2],
    ['skip-phase-1', 1],
  ])('%s breaks Agreement in a slot (first failing seed %i)', (variant, seed) => {
    const suite = broken(variant);
    if (!suite) throw new Error('no 5-server suite');
    const out = firstFailing(suite, 20);
    expect(out?.seed).toBe(seed);
    expect(out?.failure).toMatch(/^multi-paxos-agreement: two commands chosen in slot \d+/);
    expect(out?.link).toContain(`#/lab/multi-paxos?seed=${seed}&nodes=5&`);
    expect(out?.link).toContain(`broken=${variant}`);
  });

  it('the correct protocol passes the same seeds', () => {
    if (!base) throw new Error('no 5-server suite');
    for (const seed of [1, 2, 3]) expect(runSeed(base, seed).failure).toBeNull();
  });
});
