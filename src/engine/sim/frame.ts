/**
 * A frame: the world at one virtual moment as plain JSON, for the views, the store and
 * `window.netsplit.frame()`. Views draw messages from sentAt/departAt/deliverAt/lostAt
 * against the frame's time, so pause, speed and scrubbing are one code path.
 */
import type { InvariantStatus } from '../check/monitor';
import type { LinkConfig } from '../net/link';
import type { Json, NodeId, NodeView } from '../protocol';
import type { Recorder } from './recorder';
import type { TraceEntry } from './trace';
import type { NodeStatus, World } from './world';

export interface FrameNode {
  readonly id: NodeId;
  readonly protocol: string;
  /** The protocol's role, or 'down' while the node is crashed or faulted. */
  readonly role: string;
  readonly status: NodeStatus;
  readonly term?: number;
  readonly view: NodeView | null;
  readonly incarnation: number;
  readonly error: string | null;
  readonly localTime: number;
  readonly skewMs: number;
  readonly drift: number;
  readonly timers: ReadonlyArray<{
    readonly name: string;
    readonly armedAt: number;
    readonly fireAt: number;
  }>;
  readonly persisted: Json | undefined;
}

export interface FrameMessage {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
  readonly sentAt: number;
  readonly departAt: number;
  readonly deliverAt: number;
  /** In hold mode: when it reached its destination and began waiting; null otherwise. */
  readonly heldSince: number | null;
  /** When the network loses it on the way (already decided); null when it will arrive. */
  readonly lostAt: number | null;
  readonly payload: Json;
  readonly duplicateOf: number | null;
}

/** A directed link whose settings differ from the network's defaults. */
export interface FrameLink {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly config: LinkConfig;
}

export interface Frame {
  readonly time: number;
  readonly steps: number;
  readonly branch: number;
  /** Hold mode: arriving messages wait to be delivered by hand. */
  readonly holdMessages: boolean;
  readonly traceLength: number;
  readonly nodes: readonly FrameNode[];
  readonly inFlight: readonly FrameMessage[];
  readonly cut: ReadonlyArray<readonly [NodeId, NodeId]>;
  /** Every link's settings unless `links` says otherwise (latency, jitter, loss…). */
  readonly linkDefaults: LinkConfig;
  /** The directed links whose settings differ from `linkDefaults`. */
  readonly links: readonly FrameLink[];
  readonly events: readonly TraceEntry[];
  /** Each invariant being watched, with its first violation if any. */
  readonly checks: readonly InvariantStatus[];
}

export function buildFrame(
  world: World,
  recorder: Recorder,
  views: ReadonlyMap<NodeId, NodeView>,
  recentEvents: number,
  branch: number,
  checks: readonly InvariantStatus[],
): Frame {
  const nodes: FrameNode[] = world.nodes.map((n) => {
    const view = views.get(n.id) ?? null;
    const isDown = n.status === 'crashed' || n.status === 'faulted';
    const base = {
      id: n.id,
      protocol: n.protocol,
      role: isDown ? 'down' : (view?.role ?? 'unknown'),
      status: n.status,
      view,
      incarnation: n.incarnation,
      error: n.error,
      localTime: world.localTime(n),
      skewMs: n.clock.skewMs,
      drift: n.clock.drift,
      timers: Object.entries(n.timers).map(([name, t]) => ({
        name,
        armedAt: t.armedAt,
        fireAt: t.fireAt,
      })),
      persisted: n.persisted,
    };
    return view?.term === undefined ? base : { ...base, term: view.term };
  });
  const inFlight: FrameMessage[] = [];
  for (const m of world.inFlight()) {
    inFlight.push({
      id: m.id,
      from: m.from,
      to: m.to,
      kind: m.kind,
      sentAt: m.sentAt,
      departAt: m.departAt,
      deliverAt: m.deliverAt,
      lostAt: m.lostAt,
      payload: m.message as unknown as Json,
      duplicateOf: m.duplicateOf ?? null,
      heldSince: m.heldSince,
    });
  }
  const cut = world.network
    .cutLinks()
    .map((k) => k.split('>') as unknown as readonly [NodeId, NodeId]);
  const linkDefaults = world.network.defaultConfig();
  const links: FrameLink[] = [];
  for (const [key, config] of world.network.configuredLinks()) {
    if (sameConfig(config, linkDefaults)) continue;
    const [from, to] = key.split('>') as [NodeId, NodeId];
    links.push({ from, to, config });
  }
  const all = recorder.entries;
  return {
    time: world.time,
    steps: world.steps,
    holdMessages: world.holdMessages,
    branch,
    traceLength: recorder.length,
    nodes,
    inFlight,
    cut,
    linkDefaults,
    links,
    events: all.slice(Math.max(0, all.length - recentEvents)),
    checks,
  };
}

/** Whether two link settings are the same in every field. */
export function sameConfig(a: LinkConfig, b: LinkConfig): boolean {
  return (Object.keys(a) as Array<keyof LinkConfig>).every((k) => a[k] === b[k]);
}
