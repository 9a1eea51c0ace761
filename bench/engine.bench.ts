/**
 * Engine throughput in-process (Node): trace events per wall-clock second for a 5-node
 * cluster under a steady load with random faults, on Raft.
 */
import { test } from '@playwright/test';
import { streamFor } from '../src/engine/sim/prng';
import type { SimAction } from '../src/engine/sim/actions';
import type { Simulation } from '../src/engine/sim/simulation';
import { engineRuns } from '../e2e/app-modules';
import { record, summary } from './record';

const scenarioId = 'raft';

/** Random faults every ~300 ms of virtual time, and client requests where the protocol has them. */
function stress(sim: Simulation, seed: number, virtualMs: number): void {
  const rng = streamFor(seed, 'bench');
  const servers = sim.world.nodes.filter((n) => n.protocol === scenarioId).map((n) => n.id);
  const clients = sim.world.nodes.filter((n) => n.protocol !== scenarioId).map((n) => n.id);
  for (let t = 300; t < virtualMs; t += 300) {
    sim.runUntilSync(t);
    const node = servers[rng.int(servers.length)] ?? 'n1';
    const options: SimAction[] = [
      { type: 'crash', node },
      { type: 'restart', node },
      { type: 'isolate', node },
      { type: 'heal' },
      { type: 'link-defaults', config: { loss: rng.next() * 0.05, duplicate: rng.next() * 0.05 } },
    ];
    for (const c of clients) {
      const spec = sim.world.node(c);
      if (spec.status === 'up')
        options.push({ type: 'protocol', node: c, action: { id: 'client-request' } });
    }
    const action = options[rng.int(options.length)] as SimAction;
    try {
      sim.actSync(action);
    } catch {
      // Not applicable now (e.g. restarting a running node): the bench just moves on.
    }
  }
  sim.runUntilSync(virtualMs);
}

for (const checked of [true, false]) {
  test(`engine throughput in-process (${scenarioId}, 5 nodes, ${checked ? 'with' : 'without'} invariant checks)`, async () => {
    const { scenarioById, startInProcess } = await engineRuns();
    const options = checked ? {} : { invariants: [] };
    // One untimed run first, to warm the JIT up: a fresh process runs its first few runs
    // 2–4× slower, which is start-up cost, not throughput.
    stress(startInProcess(scenarioById(scenarioId, { nodes: 5 }), 999, options), 99, 60_000);
    const rates: number[] = [];
    for (let run = 0; run < 5; run++) {
      const sim = startInProcess(scenarioById(scenarioId, { nodes: 5 }), 1000 + run, options);
      const start = performance.now();
      stress(sim, run, 60_000);
      const seconds = (performance.now() - start) / 1000;
      rates.push(sim.recorder.length / seconds);
    }
    const s = summary(rates);
    record({
      id: checked ? 'engine-in-process' : 'engine-in-process-unchecked',
      label: `engine in-process (${scenarioId}, 5 nodes${checked ? ', invariants checked' : ', no checks'})`,
      unit: 'events/s',
      ...s,
      goal: '≥ 1,000,000 events/s',
      met: s.value >= 1_000_000,
      note: '60 virtual seconds per run with a fault every 300 ms, after one untimed warm-up run; events = trace entries',
    });
  });
}
