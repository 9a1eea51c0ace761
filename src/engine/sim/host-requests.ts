/**
 * How the runner talks to a node host without knowing whether the host answers at once
 * (in-process) or later (a Web Worker per node). Each run operation is written once, as a
 * generator that yields host requests and receives their replies (runner.ts); a driver
 * answers the requests — `driveSync` by calling the in-process host, `driveAsync` by
 * awaiting the worker host. Both drivers answer the same requests in the same order, so
 * one run gives one trace whichever host it uses (ARCHITECTURE.md, guarantee 2).
 */
import type {
  AsyncHost,
  BatchCall,
  BatchRequest,
  BootInput,
  Effects,
  HostCall,
  NodeSnapshot,
  SyncHost,
} from '../host/types';
import type { NodeId, NodeView } from '../protocol';

/** One node's part in restoring a checkpoint: back to `to`, or killed when it had no state. */
export interface NodeRestore {
  readonly node: NodeId;
  readonly to: { readonly boot: BootInput; readonly snapshot: NodeSnapshot } | null;
}

/** One node's fast-forward batch: its calls in order, or the error that stopped the batch. */
export interface BatchOutcome {
  readonly calls: readonly BatchCall[];
  readonly error: string | null;
}

/**
 * A request to the host. A handler call (boot or handle) is yielded as the HostCall itself,
 * so the per-event path allocates nothing for it; the rest address several nodes at once,
 * which a worker host answers in parallel.
 */
export type HostRequest =
  | HostCall
  | { readonly op: 'calls'; readonly calls: readonly HostCall[] }
  | { readonly op: 'kill'; readonly node: NodeId }
  | { readonly op: 'snapshots'; readonly nodes: readonly NodeId[] }
  | { readonly op: 'restore'; readonly nodes: readonly NodeRestore[] }
  | { readonly op: 'views'; readonly nodes: readonly NodeId[] }
  | { readonly op: 'batches'; readonly requests: ReadonlyMap<NodeId, BatchRequest> };

/** The reply to each kind of request, by its `op`; the drivers below are checked against it. */
export interface HostReplies {
  boot: Effects;
  handle: Effects;
  /** In the order of the calls. */
  calls: Effects[];
  kill: undefined;
  /** In the order of the nodes; undefined for a node that is not running. */
  snapshots: (NodeSnapshot | undefined)[];
  restore: undefined;
  /** In the order of the nodes; undefined for a node that is not running. */
  views: (NodeView | undefined)[];
  batches: Map<NodeId, BatchOutcome>;
}

export type HostReply = HostReplies[keyof HostReplies];

/** The reply a driver gives to request R. */
export type ReplyTo<R extends HostRequest> = HostReplies[R['op']];

/** A run operation: yields host requests, receives their replies, returns T. */
export type Run<T> = Generator<HostRequest, T, HostReply>;

/** Ask the host, inside a run operation: `const effects = yield* ask(call)`. */
export function* ask<R extends HostRequest>(request: R): Run<ReplyTo<R>> {
  // The one cast between the two halves: each driver answers a request with
  // HostReplies[its op], which the return types of answerSync/answerAsync check.
  return (yield request) as ReplyTo<R>;
}

function answerSync<R extends HostRequest>(host: SyncHost, r: R): ReplyTo<R>;
function answerSync(host: SyncHost, r: HostRequest): HostReply {
  switch (r.op) {
    case 'boot':
    case 'handle':
      return host.call(r);
    case 'calls':
      return r.calls.map((c) => host.call(c));
    case 'kill':
      host.kill(r.node);
      return undefined;
    case 'snapshots':
      return r.nodes.map((id) => host.snapshot(id));
    case 'restore':
      for (const { node, to } of r.nodes) {
        if (to) host.restore(node, to.boot, to.snapshot);
        else host.kill(node);
      }
      return undefined;
    case 'views':
      return r.nodes.map((id) => host.view(id));
    case 'batches': {
      const outcomes = new Map<NodeId, BatchOutcome>();
      for (const [id, request] of r.requests) {
        try {
          outcomes.set(id, { calls: host.batch(id, request), error: null });
        } catch (err) {
          outcomes.set(id, { calls: [], error: String(err) });
        }
      }
      return outcomes;
    }
    default:
      return unhandled(r);
  }
}

async function answerAsync(host: AsyncHost, r: HostRequest): Promise<HostReply> {
  switch (r.op) {
    case 'boot':
    case 'handle':
      return host.call(r);
    case 'calls':
      return Promise.all(r.calls.map((c) => host.call(c)));
    case 'kill':
      host.kill(r.node);
      return undefined;
    case 'snapshots':
      return Promise.all(r.nodes.map((id) => host.snapshot(id)));
    case 'restore':
      await Promise.all(
        r.nodes.map(({ node, to }) => {
          if (to) return host.restore(node, to.boot, to.snapshot);
          host.kill(node);
          return undefined;
        }),
      );
      return undefined;
    case 'views':
      return Promise.all(r.nodes.map((id) => host.view(id)));
    case 'batches': {
      const ids = [...r.requests.keys()];
      const settled = await Promise.allSettled(
        [...r.requests].map(([id, request]) => host.batch(id, request)),
      );
      const outcomes = new Map<NodeId, BatchOutcome>();
      ids.forEach((id, i) => {
        const s = settled[i];
        if (s?.status === 'fulfilled') outcomes.set(id, { calls: s.value, error: null });
        else outcomes.set(id, { calls: [], error: String(s?.reason) });
      });
      return outcomes;
    }
    default:
      return unhandled(r);
  }
}

function unhandled(r: never): never {
  throw new Error(`unknown host request ${JSON.stringify(r)}`);
}

/**
 * Run an operation to its end on the in-process host, every request answered at once.
 * A host error is thrown into the operation, where it ends it (no operation catches one).
 */
export function driveSync<T>(host: SyncHost, run: Run<T>): T {
  let step = run.next();
  while (!step.done) {
    let reply: HostReply;
    try {
      reply = answerSync(host, step.value);
    } catch (err) {
      step = run.throw(err);
      continue;
    }
    step = run.next(reply);
  }
  return step.value;
}

/** Run an operation to its end on an asynchronous host, one request at a time. */
export async function driveAsync<T>(host: AsyncHost, run: Run<T>): Promise<T> {
  let step = run.next();
  while (!step.done) {
    let reply: HostReply;
    try {
      reply = await answerAsync(host, step.value);
    } catch (err) {
      step = run.throw(err);
      continue;
    }
    step = run.next(reply);
  }
  return step.value;
}
