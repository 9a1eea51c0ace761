/** primary-backup: failover, epoch fencing, and the acknowledged writes async failover loses. */
import { describe, expect, it } from 'vitest';
import type { NodeContext, NodeId } from '../../../protocol';
import type { KvMessage } from '../messages';
import { DEFAULT_REPLICA_OPTIONS, type KvReplicaOptions } from '../options';
import { kvCluster } from '../nemesis';
import { kvReplica } from './replica';
import type { KvDisk } from './state';
import { act, factsOf, historyOf, replicaView, startKv } from './testing';

const TIMING = {
  timeoutMs: 200,
  replicationDelayMs: 50,
  antiEntropyEveryMs: 400,
  heartbeatEveryMs: 50,
  failoverTimeoutMs: 300,
};

function cluster(syncReplication: boolean) {
  return startKv(
    kvCluster({
      options: { ...TIMING, mode: 'primary-backup', syncReplication, readFrom: 'primary' },
      clients: 2,
      loadEveryMs: null,
    }),
  );
}

/** A replica driven by hand: what it sends, and its state. */
function replicaAlone(id: NodeId, options: Partial<KvReplicaOptions>) {
  const sent: Array<{ to: NodeId; m: KvMessage }> = [];
  const texts: string[] = [];
  const ctx: NodeContext<KvMessage, KvDisk> = {
    id,
    peers: [],
    now: () => 0,
    random: () => 0.5,
    send: (to, m) => void sent.push({ to, m }),
    setTimer: () => {},
    cancelTimer: () => {},
    persist: () => {},
    log: (text) => void texts.push(text),
    record: () => {},
    crashPoint: () => {},
  };
  const s = kvReplica.init(ctx, {
    ...DEFAULT_REPLICA_OPTIONS,
    ...TIMING,
    replicas: ['n1', 'n2', 'n3'],
    ...options,
  });
  const deliver = (from: NodeId, m: KvMessage) => kvReplica.onMessage(s, from, m, ctx);
  const fire = (timer: string) => kvReplica.onTimer(s, timer, ctx);
  return { s, sent, texts, deliver, fire };
}

describe('epoch fencing', () => {
  it('a replica refuses a lower epoch’s replication, and tells the sender its epoch', () => {
    const r = replicaAlone('n3', { mode: 'primary-backup' });
    // n2 took over: epoch 1 is n2's (epochs are dealt round the replicas).
    r.deliver('n2', { type: 'KvHeartbeat', epoch: 1 });
    expect(kvReplica.view(r.s)).toMatchObject({ role: 'backup', term: 1 });
    r.sent.length = 0;
    const cell = { value: 'old', version: { epoch: 0, seq: 9 } };
    r.deliver('n1', { type: 'KvReplicate', epoch: 0, key: 'x', cell, writer: null });
    expect(kvReplica.view(r.s).store).toEqual({});
    expect(r.sent).toEqual([{ to: 'n1', m: { type: 'KvAck', epoch: 1, versions: {} } }]);
  });

  it('a primary that hears of a higher epoch steps down and fails what it holds as unknown', () => {
    const r = replicaAlone('n1', { mode: 'primary-backup', syncReplication: true });
    r.deliver('c1', { type: 'KvPut', op: 'c1:1', key: 'x', value: 'a', session: null });
    expect(kvReplica.view(r.s)).toMatchObject({
      role: 'primary',
      summary: expect.stringContaining('1 waiting'),
    });
    r.sent.length = 0;
    r.deliver('n3', { type: 'KvAck', epoch: 1, versions: {} });
    expect(kvReplica.view(r.s)).toMatchObject({ role: 'backup', term: 1 });
    // No redirect: the write is applied here and maybe elsewhere, so the client records info.
    expect(r.sent).toContainEqual({
      to: 'c1',
      m: expect.objectContaining({
        type: 'KvReply',
        op: 'c1:1',
        ok: false,
        redirect: null,
        error: 'deposed: n2 is the primary of epoch 1',
      }),
    });
  });

  it('a backup refuses a write with a redirect, and never applies a late copy of it', () => {
    const r = replicaAlone('n2', { mode: 'primary-backup' });
    const put: KvMessage = { type: 'KvPut', op: 'c2:4', key: 'x', value: 'b', session: null };
    r.deliver('c2', put);
    expect(r.sent).toContainEqual({
      to: 'c2',
      m: expect.objectContaining({ ok: false, redirect: 'n1', error: 'not the primary: n1 is' }),
    });
    // n2 takes over (n1 falls silent); then the network delivers a copy of the old request.
    r.fire('failover');
    expect(kvReplica.view(r.s)).toMatchObject({ role: 'primary', term: 1 });
    r.deliver('c2', put);
    expect(kvReplica.view(r.s).store).toEqual({});
  });
});

describe('failover', () => {
  it('sync: a cut-off primary cannot complete writes; after the heal it steps down, and its write is dropped everywhere', () => {
    const sim = cluster(true);
    act(sim, 'c1', 'write', { key: 'x', value: 'a' });
    sim.runUntilSync(200);
    expect(historyOf(sim)).toContain('c1 ok write x="a"');
    sim.actSync({ type: 'partition', groups: [['n1'], ['n2', 'n3']] });
    sim.runUntilSync(900);
    expect(factsOf(sim, 'failover')).toEqual([
      expect.objectContaining({
        node: 'n2',
        kind: 'failover',
        epoch: 1,
        primary: 'n2',
        from: 'n1',
      }),
    ]);
    // n1 still believes it leads epoch 0; its write cannot reach every replica.
    act(sim, 'c1', 'write', { key: 'x', value: 'b' });
    sim.runUntilSync(1500);
    expect(historyOf(sim)).toContain('c1 info write x');
    expect(factsOf(sim, 'write-failed')).toContainEqual(
      expect.objectContaining({ node: 'n1', reason: 'timed out waiting for n2, n3' }),
    );
    sim.actSync({ type: 'heal' });
    sim.runUntilSync(2500);
    expect(factsOf(sim, 'stepped-down')).toContainEqual(
      expect.objectContaining({ node: 'n1', epoch: 1, primary: 'n2' }),
    );
    // Fenced: the backups never took b (its epoch was 0), and n1 dropped it.
    const appliedB = factsOf(sim, 'applied').filter((f) => f.value === 'b');
    expect(appliedB.map((f) => f.node)).toEqual(['n1']);
    expect(factsOf(sim, 'lost-write')).toContainEqual(
      expect.objectContaining({ node: 'n1', key: 'x', value: 'b', kept: 'a' }),
    );
    for (const n of ['n1', 'n2', 'n3'])
      expect(replicaView(sim, n).store.x?.values, n).toEqual(['a']);
    expect(replicaView(sim, 'n2')).toMatchObject({ role: 'primary', term: 1 });
    expect(replicaView(sim, 'n1')).toMatchObject({ role: 'backup', term: 1 });
  });

  it('async: the old primary acknowledges a write the new one never gets — and it is lost', () => {
    const sim = cluster(false);
    sim.actSync({ type: 'partition', groups: [['n1'], ['n2', 'n3']] });
    sim.runUntilSync(800);
    expect(factsOf(sim, 'failover').map((f) => f.primary)).toEqual(['n2']);
    act(sim, 'c1', 'write', { key: 'x', value: 'lost' });
    sim.runUntilSync(900);
    expect(historyOf(sim)).toContain('c1 ok write x="lost"');
    act(sim, 'c2', 'write', { key: 'y', value: 'kept' });
    sim.runUntilSync(1000);
    sim.actSync({ type: 'heal' });
    sim.runUntilSync(2000);
    expect(factsOf(sim, 'lost-write')).toContainEqual(
      expect.objectContaining({ node: 'n1', key: 'x', value: 'lost', kept: null }),
    );
    for (const n of ['n1', 'n2', 'n3']) {
      expect(replicaView(sim, n).store.x, n).toBeUndefined();
      expect(replicaView(sim, n).store.y?.values, n).toEqual(['kept']);
    }
  });

  it('the first live backup in order takes over; the next one waits half a timeout longer', () => {
    const at = (crashed: readonly string[]) => {
      const sim = cluster(true);
      sim.runUntilSync(1000);
      for (const node of crashed) sim.actSync({ type: 'crash', node });
      sim.runUntilSync(2000);
      return sim.trace.flatMap((e) =>
        e.k === 'log' && e.fact?.kind === 'failover' ? [[e.node, e.fact.epoch, e.t - 1000]] : [],
      );
    };
    const [[node, epoch, afterMs] = []] = at(['n1']);
    expect([node, epoch]).toEqual(['n2', 1]);
    expect(afterMs).toBeGreaterThan(300);
    expect(afterMs).toBeLessThan(300 + 50);
    // With n2 down too, n3 (second in line) goes, with the next epoch that is its own.
    const [[node3, epoch3, afterMs3] = []] = at(['n1', 'n2']);
    expect([node3, epoch3]).toEqual(['n3', 2]);
    expect(afterMs3).toBeGreaterThan(300 + 150);
    expect(afterMs3).toBeLessThan(300 + 150 + 50);
  });
});
