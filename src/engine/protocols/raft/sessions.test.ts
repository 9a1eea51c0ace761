/**
 * Client sessions (Raft thesis §6.3, "Implementing linearizable semantics") and INCR, the
 * command whose double application shows: handler by handler with a hand-driven context, then
 * a whole run in which the leader's reply is lost and the client retries.
 */
import { describe, expect, it } from 'vitest';
import { operationsOf, recordedOpsOf } from '../../check/history';
import { checkLinearizability, kvModel } from '../../check/linearizability';
import type { NodeId } from '../../protocol';
import type { Simulation } from '../../sim/simulation';
import { startInProcess } from '../../testing/run';
import { raftCluster } from './nemesis';
import { leaderHarness } from './leader.testkit';
import { raft } from './raft';
import { incremented } from './sessions';
import type { Command, RaftMessage, RaftOptions } from './types';

/** A term-2 leader of three whose no-op (index 1) is committed. */
function leader(options: Partial<RaftOptions> = {}) {
  const h = leaderHarness({ options, written: false });
  const { s, ctx } = h;
  /** A follower acknowledges everything up to `index`: with n1, a majority of three. */
  const ack = (index: number) =>
    raft.onMessage(
      s,
      'n2',
      { type: 'AppendEntriesReply', term: 2, success: true, matchIndex: index, conflictIndex: 0 },
      ctx,
    );
  const request = (command: Command) =>
    raft.onMessage(s, 'c1', { type: 'ClientRequest', command }, ctx);
  return { ...h, ack, request };
}

const incr = (seq: number): Command => ({ op: 'incr', client: 'c1', seq, key: 'x' });
const repliesTo = (sent: Array<{ to: NodeId; m: RaftMessage }>, to: NodeId) =>
  sent.flatMap((x) => (x.to === to && x.m.type === 'ClientReply' ? [x.m] : []));

describe('INCR', () => {
  it('adds 1 to the whole number a key holds; nil or anything else counts as 0', () => {
    expect(incremented(undefined)).toBe('1');
    expect(incremented(null)).toBe('1');
    expect(incremented('41')).toBe('42');
    expect(incremented('-1')).toBe('0');
    expect(incremented('c1.3')).toBe('1');
  });

  it('is applied once committed, and answers the new value', () => {
    const h = leader();
    h.request(incr(1));
    expect(h.s.log[1]?.command).toEqual(incr(1));
    h.ack(2);
    expect(h.s.kv.x).toBe('1');
    expect(repliesTo(h.sent, 'c1')).toEqual([
      { type: 'ClientReply', seq: 1, result: { ok: true, value: '1' } },
    ]);
    expect(h.texts).toContain('applied incr x (index 2): x = 1');
  });
});

describe('the session table (thesis §6.3)', () => {
  it('answers a retry of an applied request from the table, in words, without a new entry', () => {
    const h = leader();
    h.request(incr(3));
    h.ack(2);
    h.request(incr(3)); // the reply was lost; the client retries with the same number
    expect(h.s.log).toHaveLength(2);
    expect(h.s.kv.x).toBe('1');
    expect(repliesTo(h.sent, 'c1').map((m) => m.result)).toEqual([
      { ok: true, value: '1' },
      { ok: true, value: '1' },
    ]);
    expect(h.texts).toContain(
      "answered c1's retry of incr x (request 3) from its session table: already applied at index 2",
    );
    expect(h.facts).toContainEqual(
      expect.objectContaining({ kind: 'session-hit', client: 'c1', seq: 3, appliedAt: 2 }),
    );
  });

  it('skips a second copy that reached the log (a retry to an earlier leader) when applied', () => {
    const h = leader();
    h.s.log.push({ term: 2, command: incr(1) }, { term: 2, command: incr(1) });
    h.ack(3);
    expect(h.s.kv.x).toBe('1');
    expect(h.s.doubleApplied).toBeNull();
    expect(h.texts).toContain(
      "skipped c1's incr x (request 1) at index 3: its session table shows it already applied at index 2",
    );
    // Both copies are answered, with the one result.
    expect(repliesTo(h.sent, 'c1').map((m) => m.result)).toEqual([
      { ok: true, value: '1' },
      { ok: true, value: '1' },
    ]);
  });

  it('switched off: a retry after the reply was lost is appended and applied again', () => {
    const h = leader({ sessions: false });
    h.request(incr(3));
    h.ack(2);
    h.request(incr(3));
    expect(h.s.log).toHaveLength(3);
    h.ack(3);
    expect(h.s.kv.x).toBe('2');
    expect(h.s.sessions).toEqual({});
    expect(h.s.doubleApplied).toBe(
      "c1's request 3 (incr x) took effect at index 2 and again at index 3",
    );
    expect(raft.observe?.(h.s)).toMatchObject({
      doubleApplied: "c1's request 3 (incr x) took effect at index 2 and again at index 3",
    });
  });

  it('switched off: a retry of a request still in the log is appended again too', () => {
    const h = leader({ sessions: false });
    h.request(incr(1));
    h.request(incr(1));
    expect(h.s.log).toHaveLength(3);
  });
});

/**
 * Three servers and c1. Once n1 leads, c1 sends INCR x to it, retrying until answered; the
 * first ClientReply to c1 is dropped, as a learner would with the message menu's Drop.
 */
function lostReply(sessions: boolean): Simulation {
  const sim = startInProcess(
    raftCluster({ servers: 3, clients: 1, requestEveryMs: 0, raft: { sessions } }),
    1,
  );
  sim.actSync({ type: 'protocol', node: 'n1', action: { id: 'timeout' } });
  sim.runUntilSync(100);
  expect(sim.frame().nodes.find((n) => n.id === 'n1')?.role).toBe('leader');
  sim.actSync({
    type: 'protocol',
    node: 'c1',
    action: { id: 'send', args: { server: 'n1', op: 'incr', key: 'x', retry: true } },
  });
  for (let i = 0; i < 500; i++) {
    const reply = sim.frame().inFlight.find((m) => m.kind === 'ClientReply' && m.to === 'c1');
    if (reply) {
      sim.actSync({ type: 'drop-message', msg: reply.id });
      break;
    }
    sim.stepSync();
  }
  sim.runUntilSync(2000);
  return sim;
}

const kvOf = (sim: Simulation, node: string) =>
  (sim.frame().nodes.find((n) => n.id === node)?.view as { kv?: Record<string, string> }).kv;
const violationOf = (sim: Simulation, id: string) =>
  sim.invariantStatus().find((s) => s.id === id)?.violation ?? null;
const verdictOf = (sim: Simulation) =>
  checkLinearizability(kvModel(), operationsOf(recordedOpsOf(sim.trace))).verdict;

describe('a lost reply and a retry, in a whole run', () => {
  it('with sessions: INCR x is applied once, x = 1, and the history is linearizable', () => {
    const sim = lostReply(true);
    expect(kvOf(sim, 'n1')?.x).toBe('1');
    expect(kvOf(sim, 'n3')?.x).toBe('1');
    expect(violationOf(sim, 'applied-at-most-once')).toBeNull();
    expect(
      sim.trace.some(
        (e) => e.k === 'log' && e.fact?.kind === 'session-hit' && e.fact.client === 'c1',
      ),
    ).toBe(true);
    expect(verdictOf(sim)).toBe('linearizable');
  });

  it('without: the retry is applied again, x = 2, and both checkers say so', () => {
    const sim = lostReply(false);
    expect(kvOf(sim, 'n1')?.x).toBe('2');
    expect(violationOf(sim, 'applied-at-most-once')?.message).toMatch(
      /applied a request twice: c1's request 1 \(incr x\) took effect at index 2 and again at index 3/,
    );
    // c1 was told x = 2 by its one INCR: no order of one increment explains it.
    expect(verdictOf(sim)).toBe('not-linearizable');
  });
});
