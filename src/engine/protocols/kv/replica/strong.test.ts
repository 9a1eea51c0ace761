/** strong: every write waits for every replica; one replica cut off blocks writes, then fails them. */
import { describe, expect, it } from 'vitest';
import { kvCluster } from '../nemesis';
import { act, clientView, factsOf, historyOf, replicaView, startKv } from './testing';

function cluster() {
  return startKv(
    kvCluster({
      options: { mode: 'strong', timeoutMs: 200, antiEntropyEveryMs: 400 },
      clients: 2,
      loadEveryMs: null,
    }),
  );
}

describe('strong consistency', () => {
  it('acknowledges a write once every replica has it; another replica passes requests on', () => {
    const sim = cluster();
    act(sim, 'c2', 'write', { key: 'x', value: 'a' });
    sim.runUntilSync(200);
    expect(historyOf(sim)).toEqual(['c2 invoke write x="a"', 'c2 ok write x="a"']);
    // c2 talks to n2, which is not the coordinator: n1 applied it and answered.
    expect(
      factsOf(sim, 'applied')
        .map((f) => f.node)
        .sort(),
    ).toEqual(['n1', 'n2', 'n3']);
    expect(factsOf(sim, 'replicated').map((f) => f.to)).toEqual(['n2', 'n3']);
    expect(factsOf(sim, 'reply')).toEqual([
      expect.objectContaining({ node: 'c2', from: 'n1', ok: true }),
    ]);
    for (const n of ['n1', 'n2', 'n3'])
      expect(replicaView(sim, n).store.x).toEqual({ values: ['a'], version: 'v1' });
    expect(replicaView(sim, 'n1')).toMatchObject({ role: 'primary', mode: 'strong' });
  });

  it('a write fails when a replica is cut off — yet it was applied where it reached: unknown', () => {
    const sim = cluster();
    sim.actSync({ type: 'partition', groups: [['n1', 'n2'], ['n3']] });
    act(sim, 'c1', 'write', { key: 'x', value: 'a' });
    sim.runUntilSync(150);
    // Blocked: n1 waits for n3.
    expect(clientView(sim, 'c1').pending).toBe('write x=a → n1');
    sim.runUntilSync(400);
    expect(factsOf(sim, 'write-failed')).toEqual([
      expect.objectContaining({ node: 'n1', reason: 'timed out waiting for n3' }),
    ]);
    expect(historyOf(sim)).toEqual(['c1 invoke write x="a"', 'c1 info write x']);
    expect(clientView(sim, 'c1')).toMatchObject({
      unknown: 1,
      lastResult: 'write x=a at n1 → unknown (timed out waiting for n3)',
    });
    expect(replicaView(sim, 'n2').store.x?.values).toEqual(['a']);
    expect(replicaView(sim, 'n3').store.x).toBeUndefined();

    // A read sees only what every replica holds: it waits for n3, and fails.
    act(sim, 'c1', 'read', { key: 'x' });
    sim.runUntilSync(800);
    expect(historyOf(sim).slice(2)).toEqual(['c1 invoke read x', 'c1 fail read x']);

    // Healed: the coordinator's anti-entropy reaches n3; the write took effect after all.
    sim.actSync({ type: 'heal' });
    sim.runUntilSync(1400);
    expect(replicaView(sim, 'n3').store.x?.values).toEqual(['a']);
    act(sim, 'c1', 'read', { key: 'x' });
    sim.runUntilSync(1600);
    expect(historyOf(sim).slice(4)).toEqual(['c1 invoke read x', 'c1 ok read x="a"']);
  });

  it('a read waits while a write of its key is still on its way to a replica', () => {
    const sim = cluster();
    // n1 to n3 is slow: the write reaches n3 late.
    sim.actSync({ type: 'link', from: 'n1', to: 'n3', config: { latencyMs: 150, jitterMs: 0 } });
    act(sim, 'c1', 'write', { key: 'x', value: 'a' });
    sim.runUntilSync(40);
    act(sim, 'c2', 'read', { key: 'x' });
    sim.runUntilSync(80);
    expect(clientView(sim, 'c2').pending).toBe('read x → n2');
    sim.runUntilSync(600);
    expect(historyOf(sim).filter((h) => h.startsWith('c2'))).toEqual([
      'c2 invoke read x',
      'c2 ok read x="a"',
    ]);
  });

  it('refuses to run the modes that other protocols run', () => {
    const sim = startKv(kvCluster({ options: { mode: 'quorum' }, clients: 0 }));
    const faults = sim.trace.filter((e) => e.k === 'fault');
    expect(faults.map((e) => (e.k === 'fault' ? e.error : ''))).toEqual([
      "Error: kv-replica does not run mode 'quorum': use the protocol 'kv-quorum'",
      "Error: kv-replica does not run mode 'quorum': use the protocol 'kv-quorum'",
      "Error: kv-replica does not run mode 'quorum': use the protocol 'kv-quorum'",
    ]);
  });
});
