/**
 * A small key-value client for the kv-quorum and kv-causal tests, so those replicas can be
 * tested before (and independently of) the lab's kv-client. It speaks KvClientMessage to one
 * replica per request, carries the session from reply to request, records the Jepsen history
 * (a write that failed or timed out is info: it may still have been stored; a read that did
 * is fail) and publishes a ClientHistorySummary for live checkers.
 */
import { clientHistory, type CompletedOpSummary, type OpSummary } from '../../check/stale-read';
import type { Json, NodeContext, NodeId, NodeView, Protocol } from '../../protocol';
import type { Scenario } from '../../scenario';
import type { SimAction } from '../../sim/actions';
import { pick as draw, shuffle } from '../../sim/draws';
import { streamFor, type Rng } from '../../sim/prng';
import type { Simulation } from '../../sim/simulation';
import { preferenceList } from './quorum/ring';
import type { KvClientMessage, KvReplicaView, KvSession, QuorumTouch } from './types';

export interface TestClientOptions {
  /** The replicas it may talk to; each automatic request picks one at random. */
  readonly targets: readonly NodeId[];
  readonly keys: readonly string[];
  /** Issue a request this often (virtual ms); null = only on the 'put'/'get' actions. */
  readonly everyMs: number | null;
  readonly timeoutMs: number;
  readonly writeRatio: number;
}

interface Pending extends OpSummary {
  readonly target: NodeId;
}

export interface TestClientState {
  readonly options: TestClientOptions;
  seq: number;
  session: KvSession | null;
  pending: Pending | null;
  done: number;
  last: CompletedOpSummary | null;
  /** The last reply's values and touch, for tests that look at siblings. */
  lastValues: (string | null)[] | null;
  lastTouch: QuorumTouch | null;
}

type Ctx = NodeContext<KvClientMessage, { seq: number }>;

function readOptions(raw: unknown): TestClientOptions {
  const o = (raw ?? {}) as Partial<TestClientOptions>;
  return {
    targets: o.targets ?? [],
    keys: o.keys ?? ['x', 'y'],
    everyMs: o.everyMs ?? null,
    timeoutMs: o.timeoutMs ?? 1000,
    writeRatio: o.writeRatio ?? 0.5,
  };
}

function begin(
  s: TestClientState,
  fn: 'read' | 'write',
  key: string,
  target: NodeId,
  value: string | null,
  ctx: Ctx,
) {
  s.seq++;
  ctx.persist({ seq: s.seq });
  const id = `${ctx.id}:${s.seq}`;
  s.pending = { id, fn, key, value, target };
  ctx.record({ phase: 'invoke', opId: id, fn, key, ...(value === null ? {} : { value }) });
  if (fn === 'write')
    ctx.send(target, { type: 'KvPut', op: id, key, value: value ?? '', session: s.session });
  else ctx.send(target, { type: 'KvGet', op: id, key, session: s.session });
  ctx.setTimer('timeout', s.options.timeoutMs);
}

function finish(
  s: TestClientState,
  outcome: 'ok' | 'fail' | 'info',
  values: readonly (string | null)[],
  ctx: Ctx,
) {
  const p = s.pending;
  if (!p) return;
  // A read's value: one value, or the siblings as an array (a history may hold any Json).
  const read: Json = values.length === 1 ? (values[0] ?? null) : [...values];
  ctx.record({
    phase: outcome,
    opId: p.id,
    fn: p.fn,
    key: p.key,
    ...(outcome === 'ok' ? { value: p.fn === 'write' ? p.value : read } : {}),
  });
  const single = typeof read === 'string' ? read : Array.isArray(read) ? String(read[0]) : null;
  s.last = { id: p.id, fn: p.fn, key: p.key, value: p.fn === 'write' ? p.value : single, outcome };
  s.done++;
  s.pending = null;
  ctx.cancelTimer('timeout');
}

const pick = <T>(xs: readonly T[], ctx: Ctx): T | undefined =>
  xs[Math.floor(ctx.random() * xs.length)];

export const kvTestClient: Protocol<
  TestClientState,
  KvClientMessage,
  { seq: number },
  TestClientOptions
> = {
  id: 'kv-test-client',
  title: 'KV test client',
  defaultOptions: readOptions({}),
  actions: [
    { id: 'put', label: 'Put', description: '{key, value, target}', takesArgs: true },
    { id: 'get', label: 'Get', description: '{key, target}', takesArgs: true },
  ],
  init(ctx, raw) {
    const options = readOptions(raw);
    if (options.everyMs) ctx.setTimer('load', options.everyMs * (0.5 + ctx.random()));
    return {
      options,
      seq: 0,
      session: null,
      pending: null,
      done: 0,
      last: null,
      lastValues: null,
      lastTouch: null,
    };
  },
  recover(ctx, raw, disk) {
    return { ...kvTestClient.init(ctx, raw), seq: disk.seq };
  },
  onMessage(s, _from, m, ctx) {
    if (m.type !== 'KvReply' || !s.pending || m.op !== s.pending.id) return;
    s.lastValues = [...m.values];
    s.lastTouch = m.touch;
    if (m.ok) s.session = m.session ?? s.session;
    finish(s, m.ok ? 'ok' : s.pending.fn === 'write' ? 'info' : 'fail', m.values, ctx);
  },
  onTimer(s, name, ctx) {
    if (name === 'timeout') finish(s, s.pending?.fn === 'write' ? 'info' : 'fail', [], ctx);
    if (name !== 'load' || !s.options.everyMs) return;
    ctx.setTimer('load', s.options.everyMs * (0.5 + ctx.random()));
    if (s.pending) return;
    const target = pick(s.options.targets, ctx);
    const key = pick(s.options.keys, ctx);
    if (target === undefined || key === undefined) return;
    const isWrite = ctx.random() < s.options.writeRatio;
    begin(
      s,
      isWrite ? 'write' : 'read',
      key,
      target,
      isWrite ? `${ctx.id}.${s.seq + 1}` : null,
      ctx,
    );
  },
  onAction(s, action, ctx) {
    const a = (action.args ?? {}) as { key?: string; value?: string; target?: string };
    if (s.pending) return ctx.log(`is still waiting for ${s.pending.id}`);
    const target = a.target ?? s.options.targets[0] ?? 'n1';
    if (action.id === 'put')
      begin(s, 'write', a.key ?? 'x', target, a.value ?? `${ctx.id}.${s.seq + 1}`, ctx);
    else if (action.id === 'get') begin(s, 'read', a.key ?? 'x', target, null, ctx);
  },
  view: (s): NodeView => ({
    role: 'client',
    summary: s.pending ? `waiting ${s.pending.id}` : `${s.done} done`,
  }),
  observe: (s) =>
    clientHistory({
      pending: s.pending
        ? { id: s.pending.id, fn: s.pending.fn, key: s.pending.key, value: s.pending.value }
        : null,
      done: s.done,
      last: s.last,
    }),
};

/**
 * A store of replicas n1..nR running `protocol` and clients c1..cC: these test clients, or
 * the lab's kv-client (which talks to one fixed replica: the first of `targets`, else
 * replica i mod R).
 */
export function kvCluster(spec: {
  readonly protocol: 'kv-quorum' | 'kv-causal';
  readonly replicas: number;
  readonly options: Json;
  readonly clients: ReadonlyArray<Partial<TestClientOptions>>;
  readonly clientProtocol?: 'kv-test-client' | 'kv-client';
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  readonly links?: NonNullable<Scenario['network']>['links'];
}): Scenario {
  const replicas = Array.from({ length: spec.replicas }, (_, i) => `n${i + 1}`);
  const options = { ...(spec.options as Record<string, Json>), replicas };
  const isLabClient = spec.clientProtocol === 'kv-client';
  const clientOptions = (c: Partial<TestClientOptions>, i: number): Json =>
    isLabClient
      ? {
          ...options,
          target: c.targets?.[0] ?? replicas[i % replicas.length] ?? 'n1',
          keys: [...(c.keys ?? ['x', 'y'])],
          loadEveryMs: c.everyMs ?? null,
          readRatio: 1 - (c.writeRatio ?? 0.5),
          requestTimeoutMs: c.timeoutMs ?? 1000,
        }
      : ({ targets: replicas, ...c } as unknown as Json);
  return {
    id: `${spec.protocol}-test`,
    title: '',
    description: '',
    nodes: [
      ...replicas.map((id) => ({ id, protocol: spec.protocol, options })),
      ...spec.clients.map((c, i) => ({
        id: `c${i + 1}`,
        protocol: spec.clientProtocol ?? 'kv-test-client',
        options: clientOptions(c, i),
      })),
    ],
    network: {
      defaults: { latencyMs: spec.latencyMs ?? 10, jitterMs: spec.jitterMs ?? 10 },
      ...(spec.links ? { links: spec.links } : {}),
    },
  };
}

/** One random fault (or repair) among the replicas; clients are left alone. */
function randomFault(sim: Simulation, replicaProtocol: string, rng: Rng): SimAction {
  const replicas = sim.world.nodes.filter((n) => n.protocol === replicaProtocol);
  const ids = replicas.map((n) => n.id);
  const up = replicas.filter((n) => n.status === 'up');
  const down = replicas.filter((n) => n.status === 'crashed' || n.status === 'faulted');
  const any = <T>(xs: readonly T[]): T | undefined => (xs.length ? draw(rng, xs) : undefined);
  const roll = rng.next();
  const target = any(up);
  const restartable = any(down);
  if (roll < 0.18 && target) return { type: 'crash', node: target.id };
  if (roll < 0.36 && restartable) return { type: 'restart', node: restartable.id };
  if (roll < 0.44 && target) return { type: 'isolate', node: target.id };
  if (roll < 0.6) {
    const cut = 1 + rng.int(ids.length - 1);
    const shuffled = shuffle(rng, ids);
    return { type: 'partition', groups: [shuffled.slice(0, cut), shuffled.slice(cut)] };
  }
  if (roll < 0.76) return { type: 'heal' };
  if (roll < 0.8 && target) return { type: 'pause', node: target.id };
  const paused = any(replicas.filter((n) => n.status === 'paused'));
  if (roll < 0.84 && paused) return { type: 'resume', node: paused.id };
  return {
    type: 'link-defaults',
    config: {
      loss: rng.next() < 0.5 ? 0 : rng.next() * 0.2,
      duplicate: rng.next() < 0.5 ? 0 : rng.next() * 0.1,
      reorder: rng.next() < 0.5 ? 0 : rng.next() * 0.3,
    },
  };
}

/**
 * Run for `durationMs` with a random fault every ~`faultEveryMs`; then stop the clients
 * (crash them), heal everything, restart every replica and let the store settle.
 */
export function runKvNemesis(
  sim: Simulation,
  seed: number,
  spec: { replicaProtocol: string; durationMs: number; faultEveryMs: number; settleMs: number },
): number {
  // The seed runner's convention: the stream 'nemesis' of the run's seed draws the faults.
  const rng = streamFor(seed, 'nemesis');
  let faults = 0;
  for (
    let t = rng.next() * spec.faultEveryMs;
    t < spec.durationMs;
    t += spec.faultEveryMs * (0.5 + rng.next())
  ) {
    sim.runUntilSync(t);
    sim.actSync(randomFault(sim, spec.replicaProtocol, rng));
    faults++;
  }
  sim.runUntilSync(spec.durationMs);
  for (const n of sim.world.nodes)
    if (n.protocol !== spec.replicaProtocol && n.status === 'up')
      sim.actSync({ type: 'crash', node: n.id });
  sim.actSync({ type: 'heal' });
  sim.actSync({ type: 'link-defaults', config: { loss: 0, duplicate: 0, reorder: 0 } });
  for (const n of sim.world.nodes) {
    if (n.protocol !== spec.replicaProtocol) continue;
    if (n.status === 'paused') sim.actSync({ type: 'resume', node: n.id });
    else if (n.status !== 'up') sim.actSync({ type: 'restart', node: n.id });
  }
  sim.runUntilSync(spec.durationMs + spec.settleMs);
  return faults;
}

/** The replicas running `protocol`, with their status and view. */
const views = (sim: Simulation, protocol: string) =>
  sim
    .frame()
    .nodes.filter((n) => n.protocol === protocol)
    .map((n) => ({ id: n.id, status: n.status, view: n.view as KvReplicaView | null }));

/** Every home replica of every key holds the same versions, and no hint is left over: null, else why not. */
export function quorumDivergence(sim: Simulation, n: number): string | null {
  const replicas = views(sim, 'kv-quorum');
  const ids = replicas.map((r) => r.id);
  const keys = new Set(replicas.flatMap((r) => Object.keys(r.view?.store ?? {})));
  for (const r of replicas) {
    if (r.status !== 'up' || !r.view) return `${r.id} is ${r.status}`;
    if (r.view.hints?.length) return `${r.id} still holds hints: ${r.view.hints.join('; ')}`;
  }
  for (const key of keys) {
    const held = preferenceList(key, ids, n).map((id) => {
      const cell = replicas.find((r) => r.id === id)?.view?.store[key];
      return `${id}: ${cell ? `${cell.values.join('|')} ${cell.version}` : 'nothing'}`;
    });
    if (new Set(held.map((h) => h.slice(h.indexOf(':')))).size > 1)
      return `${key} differs: ${held.join('; ')}`;
  }
  return null;
}

/** Every causal replica applied the same updates, holds the same store and buffers nothing: null, else why not. */
export function causalDivergence(sim: Simulation): string | null {
  const replicas = views(sim, 'kv-causal');
  const seen = new Set<string>();
  for (const r of replicas) {
    if (r.status !== 'up' || !r.view) return `${r.id} is ${r.status}`;
    if (r.view.buffered?.length) return `${r.id} still buffers ${r.view.buffered.join('; ')}`;
    seen.add(JSON.stringify([r.view.summary, r.view.store]));
  }
  return seen.size > 1 ? `replicas differ: ${[...seen].join(' / ')}` : null;
}
