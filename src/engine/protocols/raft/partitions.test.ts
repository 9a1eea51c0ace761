/**
 * Lesson L10's story, run in-process: a partition leaves an old leader in a minority. It
 * appends but never commits; a local read there is stale (and the checker says so); a
 * read-index read there never answers; healing makes it step down and drop its entry.
 */
import { describe, expect, it } from 'vitest';
import type { Fact, HistoryOp } from '../../protocol';
import type { SendArgs } from './client';
import type { Simulation } from '../../sim/simulation';
import { scenarioById, startInProcess } from '../../testing/run';
import type { RaftView } from './types';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];

function lab(seed: number): Simulation {
  return startInProcess(scenarioById('raft', { nodes: 5, settings: {} }), seed);
}

const views = (sim: Simulation) =>
  sim
    .frame()
    .nodes.filter((n) => SERVERS.includes(n.id) && n.view !== null)
    .map((n) => ({ id: n.id, status: n.status, view: n.view as RaftView }));

const leaders = (sim: Simulation) =>
  views(sim)
    .filter((n) => n.status === 'up' && n.view.role === 'leader')
    .sort((a, b) => b.view.term - a.view.term);

const facts = (sim: Simulation, kind: string, node?: string): Fact[] =>
  sim.trace.flatMap((e) =>
    e.k === 'log' && e.fact?.kind === kind && (node === undefined || e.node === node)
      ? [e.fact]
      : [],
  );

const ops = (sim: Simulation): HistoryOp[] =>
  sim.trace.flatMap((e) => (e.k === 'op' && e.node === 'c1' ? [e.op] : []));

const lastOp = (sim: Simulation) => ops(sim).at(-1);

/** Advance in small steps, checking after each that no server has ever applied x=2. */
function advance(sim: Simulation, byMs: number): void {
  const end = sim.frame().time + byMs;
  for (let t = sim.frame().time + 10; t <= end; t += 10) {
    sim.runUntilSync(t);
    for (const n of views(sim)) expect(n.view.kv.x, `${n.id} applied x=2`).not.toBe('2');
  }
  sim.runUntilSync(end);
}

function send(sim: Simulation, args: SendArgs): void {
  sim.actSync({
    type: 'protocol',
    node: 'c1',
    action: { id: 'send', args: { ...args } },
  });
}

function electLeader(sim: Simulation): string {
  for (let t = 50; t <= 2000 && leaders(sim).length === 0; t += 50) sim.runUntilSync(t);
  const leader = leaders(sim)[0];
  if (!leader) throw new Error('no leader within 2 s');
  advance(sim, 100); // its no-op commits
  return leader.id;
}

describe('L10: partitions, split brain, commit vs append', () => {
  it('an old leader in a minority appends without committing, serves stale local reads, and loses its entry on heal', () => {
    const sim = lab(1);
    const old = electLeader(sim);
    const oldTerm = leaders(sim)[0]?.view.term ?? 0;

    // SET x=1 at the leader: committed, ok.
    send(sim, { server: old, op: 'put', key: 'x', value: '1' });
    advance(sim, 300);
    expect(lastOp(sim)).toMatchObject({ phase: 'ok', fn: 'write', key: 'x' });
    expect(facts(sim, 'applied', old)).toContainEqual(
      expect.objectContaining({ key: 'x', value: '1' }),
    );

    // Partition {old leader, one follower} | {the other three}; c1 is in neither group.
    const buddy = SERVERS.find((id) => id !== old) ?? '';
    const majority = SERVERS.filter((id) => id !== old && id !== buddy);
    sim.actSync({ type: 'partition', groups: [[old, buddy], majority] });
    advance(sim, 1000);
    const newLeader = leaders(sim).find((n) => majority.includes(n.id));
    expect(newLeader, 'the majority elects a leader').toBeDefined();
    const fresh = newLeader?.id ?? '';
    expect(newLeader?.view.term).toBeGreaterThan(oldTerm);
    expect(leaders(sim).map((n) => n.id)).toContain(old); // split brain: it still believes

    // SET x=2 at the OLD leader: appended, never committed; the client cannot know → info.
    const committedBefore = facts(sim, 'committed', old).length;
    send(sim, { server: old, op: 'put', key: 'x', value: '2' });
    advance(sim, 2000);
    expect(facts(sim, 'appended', old)).toContainEqual(
      expect.objectContaining({ command: 'put x=2', key: 'x', value: '2', term: oldTerm }),
    );
    expect(facts(sim, 'committed', old)).toHaveLength(committedBefore);
    expect(lastOp(sim)).toMatchObject({ phase: 'info', fn: 'write', key: 'x' });

    // SET x=3 at the new leader: ok.
    send(sim, { server: fresh, op: 'put', key: 'x', value: '3' });
    advance(sim, 300);
    expect(lastOp(sim)).toMatchObject({ phase: 'ok', fn: 'write' });
    expect(sim.monitor.violations).toEqual([]);

    // GET x, read 'local', at the old leader: "1" — stale, and the checker says so.
    send(sim, { server: old, op: 'get', key: 'x', read: 'local' });
    advance(sim, 300);
    expect(lastOp(sim)).toMatchObject({ phase: 'ok', fn: 'read', key: 'x', value: '1' });
    expect(facts(sim, 'read-served', old).at(-1)).toMatchObject({
      mode: 'local',
      key: 'x',
      value: '1',
    });
    const stale = sim.monitor.violations.filter((v) => v.invariant === 'no-stale-read');
    expect(stale).toHaveLength(1);
    expect(stale[0]?.message).toMatch(
      /^c1 read x = 1 at \d+ ms, but x = 3 had been written and acknowledged at \d+ ms$/,
    );
    // It names the read's completion and the x=3 write's completion.
    const okEntries = sim.trace.filter((e) => e.k === 'op' && e.op.phase === 'ok');
    const causes = okEntries.slice(-2).map((e) => (e.k === 'op' ? e.cause : -1));
    expect(stale[0]?.events).toEqual(causes);
    expect(sim.monitor.violations.every((v) => v.invariant === 'no-stale-read')).toBe(true);

    // GET x, read 'read-index', at the old leader: no majority, no answer; the read fails.
    send(sim, { server: old, op: 'get', key: 'x', read: 'read-index' });
    advance(sim, 1000);
    expect(lastOp(sim)).toMatchObject({ phase: 'invoke', fn: 'read' });
    const c1 = sim.frame().nodes.find((n) => n.id === 'c1')?.view;
    expect(c1).toMatchObject({ pending: expect.stringContaining('read-index') });
    advance(sim, 700);
    expect(lastOp(sim)).toMatchObject({ phase: 'fail', fn: 'read', key: 'x' });
    expect(facts(sim, 'read-served', old).filter((f) => f.mode === 'read-index')).toEqual([]);

    // Heal: the old leader steps down and drops x=2; nobody ever applied it.
    sim.actSync({ type: 'heal' });
    advance(sim, 500);
    expect(views(sim).find((n) => n.id === old)?.view.role).toBe('follower');
    expect(facts(sim, 'stepped-down', old)).toContainEqual(
      expect.objectContaining({ role: 'leader', from: oldTerm }),
    );
    const dropped = facts(sim, 'truncated', old);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.entries).toContain('put x=2');
    expect(facts(sim, 'truncated', buddy)[0]?.entries).toContain('put x=2');
    for (const n of views(sim)) expect(n.view.kv.x).toBe('3');
    expect(facts(sim, 'applied').filter((f) => f.value === '2')).toEqual([]);

    // A read-index read at the real leader returns the latest value.
    const leader = leaders(sim)[0]?.id ?? '';
    send(sim, { server: leader, op: 'get', key: 'x', read: 'read-index' });
    advance(sim, 300);
    expect(lastOp(sim)).toMatchObject({ phase: 'ok', fn: 'read', value: '3' });
    expect(facts(sim, 'read-served', leader).at(-1)).toMatchObject({
      mode: 'read-index',
      value: '3',
    });
  });

  it('narrates elections, votes and term changes as facts', () => {
    const sim = lab(2);
    const leader = electLeader(sim);
    const term = leaders(sim)[0]?.view.term ?? 0;
    expect(facts(sim, 'election-started', leader)).toContainEqual({
      kind: 'election-started',
      term,
    });
    expect(facts(sim, 'leader-elected')).toEqual([{ kind: 'leader-elected', term }]);
    expect(facts(sim, 'vote-granted').filter((f) => f.to === leader).length).toBeGreaterThan(1);
    expect(facts(sim, 'committed', leader)[0]).toEqual({ kind: 'committed', index: 1 });
    // Followers moved to the new term once each, and say from where.
    const adopted = facts(sim, 'term-adopted');
    expect(adopted.length).toBeGreaterThan(0);
    for (const f of adopted) expect(f).toMatchObject({ from: term - 1, term });
  });

  it('a refused directed request fails, and a read at a follower is refused', () => {
    const sim = lab(3);
    const leader = electLeader(sim);
    const follower = SERVERS.find((id) => id !== leader) ?? '';
    send(sim, { server: follower, op: 'put', key: 'x', value: 'a' });
    advance(sim, 100);
    expect(lastOp(sim)).toMatchObject({ phase: 'fail', fn: 'write' });
    send(sim, { server: follower, op: 'get', key: 'x', read: 'read-index' });
    advance(sim, 100);
    expect(lastOp(sim)).toMatchObject({ phase: 'fail', fn: 'read' });
    expect(facts(sim, 'read-rejected', follower)).toEqual([
      { kind: 'read-rejected', reason: 'not-leader', mode: 'read-index', key: 'x' },
    ]);
    const c1 = sim.frame().nodes.find((n) => n.id === 'c1')?.view;
    expect(c1).toMatchObject({ failed: 2, lastOutcome: 'fail', pending: null });
  });

  it('a deposed leader refuses its pending read-index reads when it learns of the new term', () => {
    const sim = lab(4);
    const leader = electLeader(sim);
    const others = SERVERS.filter((id) => id !== leader);
    sim.actSync({ type: 'partition', groups: [[leader], others] });
    send(sim, { server: leader, op: 'get', key: 'x', read: 'read-index' });
    advance(sim, 600); // the others elect a new leader meanwhile
    expect(lastOp(sim)).toMatchObject({ phase: 'invoke' });
    sim.actSync({ type: 'heal' });
    advance(sim, 300);
    expect(facts(sim, 'read-rejected', leader)).toContainEqual(
      expect.objectContaining({ reason: 'stepped-down', key: 'x' }),
    );
    expect(lastOp(sim)).toMatchObject({ phase: 'fail', fn: 'read' });
    expect(sim.monitor.violations).toEqual([]);
  });
});
