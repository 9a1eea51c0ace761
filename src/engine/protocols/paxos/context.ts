/**
 * What every Paxos role shares: the node context, persisting, and sending — a message to
 * the node itself (its own acceptor or learner) goes on a loopback queue that the handler
 * drains before it returns, so every role speaks through messages alone.
 */
import type { NodeContext, NodeId } from '../../protocol';
import type { PaxosMessage, PaxosPersisted, PaxosState } from './types';

export type Ctx = NodeContext<PaxosMessage, PaxosPersisted>;
export type Msg<T extends PaxosMessage['type']> = Extract<PaxosMessage, { type: T }>;

/** Write the acceptor's promise and acceptance and the proposer's highest round. */
export function save(s: PaxosState, ctx: Ctx): void {
  const promised = s.options.broken === 'forget-promise' ? null : s.promised;
  ctx.persist({ promised, accepted: s.accepted, maxRound: s.maxRound });
}

export function post(s: PaxosState, ctx: Ctx, to: NodeId, m: PaxosMessage): void {
  if (to === ctx.id) s.loopback.push(m);
  else ctx.send(to, m);
}

/** Send `m` to every acceptor (this node's own acceptor included, by loopback). */
export function toAcceptors(s: PaxosState, ctx: Ctx, m: PaxosMessage): void {
  for (const a of s.options.acceptors) post(s, ctx, a, m);
}

/** Send `m` to every learner: every Paxos node, this one included. */
export function toLearners(s: PaxosState, ctx: Ctx, m: PaxosMessage): void {
  for (const id of [ctx.id, ...ctx.peers]) post(s, ctx, id, m);
}
