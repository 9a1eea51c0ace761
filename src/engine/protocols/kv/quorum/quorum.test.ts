/** kv-quorum, one situation at a time: quorums, siblings, sloppy quorum, handoff, repair. */
import { describe, expect, it } from 'vitest';
import { recordedOpsOf } from '../../../check/history';
import type { Fact, Json } from '../../../protocol';
import type { Simulation } from '../../../sim/simulation';
import { kvQuorumEntry } from '../scenarios/quorum-causal';
import { allProtocols, startInProcess } from '../../../testing/run';
import { kvClient } from '../client/client';
import { kvQuorum, readQuorumOptions } from './quorum';
import { kvCluster, kvTestClient } from '../quorum-causal.testkit';
import { staleSiblingReads } from './quorum-check';
import type { KvClientMessage, KvReplicaView } from '../types';

const protocols = { ...allProtocols, 'kv-quorum': kvQuorum, 'kv-test-client': kvTestClient };

/** Five replicas; x's home replicas are n1, n2, n3 (its stand-ins n4, then n5). */
function cluster(options: Record<string, Json> = {}, seed = 1): Simulation {
  const scenario = kvCluster({
    protocol: 'kv-quorum',
    replicas: 5,
    options: { n: 3, w: 2, r: 2, syncEveryMs: 0, ...options },
    clients: [{}, {}],
    jitterMs: 0,
  });
  return startInProcess(scenario, seed, { protocols });
}

function put(sim: Simulation, client: string, target: string, key: string, value: string) {
  sim.actSync({
    type: 'protocol',
    node: client,
    action: { id: 'put', args: { key, value, target } },
  });
}
function get(sim: Simulation, client: string, target: string, key: string) {
  sim.actSync({ type: 'protocol', node: client, action: { id: 'get', args: { key, target } } });
}
const after = (sim: Simulation, ms: number) => sim.runUntilSync(sim.time + ms);

const facts = (sim: Simulation, kind: string): Fact[] =>
  sim.trace.flatMap((e) => (e.k === 'log' && e.fact?.kind === kind ? [e.fact] : []));
const store = (sim: Simulation, node: string) =>
  (sim.frame().nodes.find((n) => n.id === node)?.view as KvReplicaView | null)?.store ?? {};
const values = (sim: Simulation, node: string, key: string) => store(sim, node)[key]?.values ?? [];
/** The replies clients received, newest last. */
const replies = (sim: Simulation, client: string) =>
  sim.trace.flatMap((e) =>
    e.k === 'send' && e.to === client && e.kind === 'KvReply'
      ? [e.payload as unknown as Extract<KvClientMessage, { type: 'KvReply' }>]
      : [],
  );
const lastReply = (sim: Simulation, client: string) => replies(sim, client).at(-1);

describe('kv-quorum', () => {
  it('acknowledges a write after W acks and reads it back with R answers', () => {
    const sim = cluster();
    put(sim, 'c1', 'n1', 'x', 'a');
    after(sim, 200);
    expect(lastReply(sim, 'c1')).toMatchObject({
      ok: true,
      touch: { op: 'write', key: 'x', needed: 2 },
    });
    expect(lastReply(sim, 'c1')?.touch?.answered).toHaveLength(2);
    expect(facts(sim, 'quorum-write')).toEqual([
      expect.objectContaining({ key: 'x', asked: ['n1', 'n2', 'n3'], needed: 2, ok: true }),
    ]);
    // All three home replicas hold it; the others hold nothing.
    for (const n of ['n1', 'n2', 'n3']) expect(values(sim, n, 'x')).toEqual(['a']);
    for (const n of ['n4', 'n5']) expect(store(sim, n)).toEqual({});
    get(sim, 'c2', 'n4', 'x'); // a coordinator outside the key's preference list
    after(sim, 200);
    expect(lastReply(sim, 'c2')).toMatchObject({ ok: true, values: ['a'] });
    expect(facts(sim, 'quorum-read')[0]).toMatchObject({ key: 'x', needed: 2, values: ['a'] });
  });

  it('fails a write that cannot get W acks (strict quorum), though it may be stored', () => {
    const sim = cluster({ timeoutMs: 300 });
    sim.actSync({ type: 'crash', node: 'n2' });
    sim.actSync({ type: 'crash', node: 'n3' });
    put(sim, 'c1', 'n1', 'x', 'a');
    after(sim, 500);
    expect(lastReply(sim, 'c1')).toMatchObject({
      ok: false,
      error: 'timed out: 1 of 2 acks (no answer from n2, n3)',
    });
    expect(facts(sim, 'quorum-write').at(-1)).toMatchObject({ ok: false, acked: ['n1'] });
    expect(values(sim, 'n1', 'x')).toEqual(['a']); // stored on one: the client records info
    const ops = recordedOpsOf(sim.trace).filter((o) => o.client === 'c1');
    expect(ops.map((o) => o.op.phase)).toEqual(['invoke', 'info']);
  });

  it('with a sloppy quorum, stand-ins take the write as hints and hand it back later', () => {
    const sim = cluster({ sloppy: true, probeMs: 60, handoffEveryMs: 100 });
    sim.actSync({ type: 'crash', node: 'n2' });
    sim.actSync({ type: 'crash', node: 'n3' });
    put(sim, 'c1', 'n1', 'x', 'a');
    after(sim, 300);
    expect(lastReply(sim, 'c1')).toMatchObject({ ok: true });
    expect(lastReply(sim, 'c1')?.touch?.asked).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(facts(sim, 'hinted')).toEqual([
      { kind: 'hinted', key: 'x', for: 'n2' },
      { kind: 'hinted', key: 'x', for: 'n3' },
    ]);
    const n4 = sim.frame().nodes.find((n) => n.id === 'n4')?.view as KvReplicaView;
    expect(n4.hints).toEqual(['x = a for n2 {n1:1}']);
    sim.actSync({ type: 'restart', node: 'n2' });
    sim.actSync({ type: 'restart', node: 'n3' });
    after(sim, 400);
    expect(facts(sim, 'handoff')).toEqual(
      expect.arrayContaining([
        { kind: 'handoff', key: 'x', to: 'n2' },
        { kind: 'handoff', key: 'x', to: 'n3' },
      ]),
    );
    for (const n of ['n1', 'n2', 'n3']) expect(values(sim, n, 'x')).toEqual(['a']);
    expect((sim.frame().nodes.find((n) => n.id === 'n4')?.view as KvReplicaView).hints).toEqual([]);
  });

  it('keeps concurrent writes as siblings (quorums do not prevent conflicts), and a later write resolves them', () => {
    const sim = cluster({ w: 1, r: 3 });
    // Two writes of the same key, at n1 and n3, at the same moment: neither has seen the other.
    put(sim, 'c1', 'n1', 'x', 'a');
    put(sim, 'c2', 'n3', 'x', 'b');
    after(sim, 200);
    get(sim, 'c1', 'n2', 'x');
    after(sim, 200);
    expect(lastReply(sim, 'c1')).toMatchObject({ ok: true, values: ['a', 'b'] });
    expect(store(sim, 'n2').x).toEqual({ values: ['a', 'b'], version: '{n1:1} | {n3:1}' });
    // n2 has seen both: its write supersedes them.
    put(sim, 'c2', 'n2', 'x', 'c');
    after(sim, 200);
    get(sim, 'c1', 'n3', 'x');
    after(sim, 200);
    expect(lastReply(sim, 'c1')).toMatchObject({ ok: true, values: ['c'] });
    expect(store(sim, 'n1').x?.version).toBe('{n1:1, n2:1, n3:1}');
  });

  it('repairs a stale home replica on read (read repair), and only with read repair on', () => {
    for (const readRepair of [true, false]) {
      const sim = cluster({ readRepair, w: 2, r: 3 });
      sim.actSync({ type: 'cut', from: 'n1', to: 'n3', oneWay: false });
      put(sim, 'c1', 'n1', 'x', 'a'); // acked by n1 and n2; n3 never hears of it
      after(sim, 200);
      sim.actSync({ type: 'heal' });
      expect(values(sim, 'n3', 'x')).toEqual([]);
      get(sim, 'c2', 'n2', 'x');
      after(sim, 200);
      expect(lastReply(sim, 'c2')).toMatchObject({ ok: true, values: ['a'] });
      expect(facts(sim, 'read-repair')).toEqual(
        readRepair ? [{ kind: 'read-repair', key: 'x', to: 'n3' }] : [],
      );
      expect(values(sim, 'n3', 'x')).toEqual(readRepair ? ['a'] : []);
    }
  });

  it('brings a stale replica up to date by anti-entropy', () => {
    const sim = cluster({ syncEveryMs: 200 });
    sim.actSync({ type: 'cut', from: 'n1', to: 'n3', oneWay: false });
    sim.actSync({ type: 'cut', from: 'n2', to: 'n3', oneWay: false });
    put(sim, 'c1', 'n1', 'x', 'a');
    after(sim, 200);
    expect(values(sim, 'n3', 'x')).toEqual([]);
    sim.actSync({ type: 'heal' });
    after(sim, 700);
    expect(values(sim, 'n3', 'x')).toEqual(['a']);
    expect(facts(sim, 'anti-entropy')[0]).toMatchObject({ key: 'x' });
  });

  it('keeps what it stored across a crash', () => {
    const sim = cluster();
    put(sim, 'c1', 'n1', 'x', 'a');
    after(sim, 200);
    sim.actSync({ type: 'crash', node: 'n2' });
    sim.actSync({ type: 'restart', node: 'n2' });
    after(sim, 10);
    expect(values(sim, 'n2', 'x')).toEqual(['a']);
    // Its vector counter survived too: a new write at n2 does not reuse {n2:1}.
    put(sim, 'c1', 'n2', 'x', 'b');
    after(sim, 200);
    sim.actSync({ type: 'crash', node: 'n2' });
    sim.actSync({ type: 'restart', node: 'n2' });
    put(sim, 'c2', 'n2', 'x', 'c');
    after(sim, 200);
    expect(store(sim, 'n1').x).toEqual({ values: ['c'], version: '{n1:1, n2:2}' });
  });

  it('coordinates a duplicated request once, without writing twice', () => {
    const sim = cluster();
    const request = { type: 'KvPut', op: 'c1:1', key: 'x', value: 'a', session: null } as const;
    // Deliver the same request twice, as a client that retries would.
    sim.actSync({
      type: 'protocol',
      node: 'c1',
      action: { id: 'put', args: { key: 'x', value: 'a', target: 'n1' } },
    });
    const sent = sim.trace.find((e) => e.k === 'send' && e.kind === 'KvPut');
    expect(sent?.k === 'send' ? sent.payload : null).toEqual(request);
    sim.actSync({ type: 'duplicate-message', msg: sent?.k === 'send' ? sent.msg : -1 });
    after(sim, 200);
    // The copy arrived while the first was being coordinated: it is not coordinated again.
    expect(facts(sim, 'quorum-write')).toHaveLength(1);
    expect(replies(sim, 'c1')).toHaveLength(1);
    expect(store(sim, 'n1').x?.version).toBe('{n1:1}');
  });

  it('with a sloppy quorum and a partition, W + R > N does not stop a stale read', () => {
    // x lives on n1, n2, n3. One side holds n1 with the stand-ins n4 and n5; the other n2, n3.
    for (const sloppy of [false, true]) {
      const sim = cluster({ sloppy, probeMs: 60, timeoutMs: 300 });
      put(sim, 'c1', 'n1', 'x', 'old');
      after(sim, 200);
      sim.actSync({
        type: 'partition',
        groups: [
          ['n1', 'n4', 'n5'],
          ['n2', 'n3'],
        ],
      });
      put(sim, 'c1', 'n1', 'x', 'new'); // acked by n1 and a stand-in, when sloppy
      after(sim, 400);
      get(sim, 'c2', 'n2', 'x'); // n2 and n3 answer: R = 2
      after(sim, 200);
      expect(lastReply(sim, 'c2')).toMatchObject({ ok: true, values: ['old'] });
      const stale = staleSiblingReads(recordedOpsOf(sim.trace));
      // Strict: the write failed (info), so reading 'old' is allowed. Sloppy: it was acked.
      expect(stale.map((s) => s.message)).toEqual(
        sloppy
          ? [
              expect.stringMatching(
                /^c2 read x = old at .* but c1 had written x = new, acknowledged at/,
              ),
            ]
          : [],
      );
    }
  });

  it('reads its options defensively', () => {
    const o = readQuorumOptions({ replicas: ['a', 'b'], n: 9, w: 0, r: 'x', sloppy: 'yes' });
    expect(o).toMatchObject({ replicas: ['a', 'b'], n: 2, w: 1, r: 2, sloppy: false });
  });
});

describe('the kv-quorum lab (with the lab’s kv-client)', () => {
  it('shows a stale read with W + R > N once a sloppy quorum took the write (L14, step 3)', () => {
    const scenario = kvQuorumEntry.build({ settings: { sloppy: true } });
    const sim = startInProcess(scenario, 1, {
      protocols: { ...protocols, 'kv-client': kvClient },
    });
    const act = (node: string, id: string, args: Json) =>
      sim.actSync({ type: 'protocol', node, action: { id, args } });
    // x lives on n1, n2, n3: with two of them down, n4 and n5 stand in.
    sim.actSync({ type: 'crash', node: 'n2' });
    sim.actSync({ type: 'crash', node: 'n3' });
    act('c1', 'write', { key: 'x', value: 'v2' });
    after(sim, 400);
    expect(facts(sim, 'quorum-write').at(-1)).toMatchObject({ ok: true, acked: ['n1', 'n4'] });
    // The home replicas come back before the hints are handed off, and n1 is cut away.
    sim.actSync({ type: 'restart', node: 'n2' });
    sim.actSync({ type: 'restart', node: 'n3' });
    sim.actSync({ type: 'isolate', node: 'n1' });
    act('c2', 'read', { key: 'x', to: 'n2' });
    after(sim, 200);
    expect(lastReply(sim, 'c2')).toMatchObject({ ok: true, values: [null] });
    expect(sim.monitor.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/^c2 read x = nil at .* but x = v2 had been written and acknowledged/),
    ]);
  });
});
