/**
 * The RPC family's nemesis: faults placed where a call can go wrong — a request or a reply
 * dropped (or, where asked, duplicated) in flight, the server slowed past the timeout, paused,
 * crashed at an armed crash point (before or after the charge) or at any moment, a client
 * crashed — and their repairs. One fault per draw, from the seed's nemesis stream; weights are
 * fixed per draw so a seed means the same run everywhere.
 */
import type { SimAction } from '../../sim/actions';
import { pick, weighted } from '../../sim/draws';
import type { Rng } from '../../sim/prng';
import type { Simulation } from '../../sim/simulation';
import { RPC_SERVER } from './scenarios';

/** Which faults a suite draws. */
export interface RpcFaults {
  /** Duplicate a message in flight (a retransmitting network); off where a suite promises none. */
  readonly duplicate: boolean;
}

type Kind =
  | 'drop'
  | 'duplicate'
  | 'slow'
  | 'crash-before'
  | 'crash-after'
  | 'crash-server'
  | 'restart-server'
  | 'pause-server'
  | 'resume-server'
  | 'crash-client'
  | 'restart-client';

const WEIGHTS: ReadonlyArray<readonly [Kind, number]> = [
  ['drop', 4],
  ['duplicate', 1],
  ['slow', 2],
  ['crash-before', 1],
  ['crash-after', 2],
  ['crash-server', 1],
  ['restart-server', 4],
  ['pause-server', 0.5],
  ['resume-server', 2],
  ['crash-client', 0.5],
  ['restart-client', 2],
];

/** One fault (or repair) that applies now, or null when the drawn kind has no target. */
export function rpcNemesis(sim: Simulation, rng: Rng, faults: RpcFaults): SimAction | null {
  const kind = weighted(
    rng,
    WEIGHTS.filter(([k]) => faults.duplicate || k !== 'duplicate'),
  );
  const nodes = sim.world.nodes;
  const server = nodes.find((n) => n.id === RPC_SERVER);
  const serverUp = server?.status === 'up';
  const clients = nodes.filter((n) => n.id !== RPC_SERVER);
  const onServer = (id: string): SimAction | null =>
    serverUp ? { type: 'protocol', node: RPC_SERVER, action: { id } } : null;
  switch (kind) {
    case 'drop':
    case 'duplicate': {
      const flying = [...sim.world.inFlight()].filter((m) => m.lostAt === null);
      if (flying.length === 0) return null;
      const m = pick(rng, flying);
      return kind === 'drop'
        ? { type: 'drop-message', msg: m.id }
        : { type: 'duplicate-message', msg: m.id };
    }
    case 'slow':
      return onServer('slow-next');
    case 'crash-before':
      return onServer('crash-before-effect');
    case 'crash-after':
      return onServer('crash-after-effect');
    case 'crash-server':
      return serverUp ? { type: 'crash', node: RPC_SERVER } : null;
    case 'restart-server':
      return server && (server.status === 'crashed' || server.status === 'faulted')
        ? { type: 'restart', node: RPC_SERVER }
        : null;
    case 'pause-server':
      return serverUp ? { type: 'pause', node: RPC_SERVER } : null;
    case 'resume-server':
      return server?.status === 'paused' ? { type: 'resume', node: RPC_SERVER } : null;
    case 'crash-client': {
      const up = clients.filter((n) => n.status === 'up');
      return up.length ? { type: 'crash', node: pick(rng, up).id } : null;
    }
    case 'restart-client': {
      const down = clients.filter((n) => n.status === 'crashed' || n.status === 'faulted');
      return down.length ? { type: 'restart', node: pick(rng, down).id } : null;
    }
  }
}

/**
 * The repairs that end the fault phase: the network healed and calm, every node up, and the
 * clients' workloads stopped, so the requests in progress finish (or give up) before the end.
 */
export function rpcQuiesce(sim: Simulation): SimAction[] {
  const actions: SimAction[] = [
    { type: 'heal' },
    { type: 'link-defaults', config: { loss: 0, duplicate: 0 } },
  ];
  for (const n of sim.world.nodes) {
    if (n.status === 'paused') actions.push({ type: 'resume', node: n.id });
    else if (n.status !== 'up') actions.push({ type: 'restart', node: n.id });
  }
  for (const n of sim.world.nodes)
    if (n.id !== RPC_SERVER)
      actions.push({ type: 'protocol', node: n.id, action: { id: 'workload-off' } });
  return actions;
}
