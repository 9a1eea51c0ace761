/**
 * What every Multi-Paxos part shares: the node context, persisting, sending (a message to
 * the node itself goes on a loopback queue the handler drains before it returns, so the
 * leader's own acceptor answers it through messages like any other), and how a command reads.
 */
import type { NodeContext, NodeId } from '../../../protocol';
import { describeCommand } from '../../raft/log';
import type { MultiPaxosMessage, MultiPaxosPersisted, MultiPaxosState, SlotCommand } from './types';

export type Ctx = NodeContext<MultiPaxosMessage, MultiPaxosPersisted>;
export type Msg<T extends MultiPaxosMessage['type']> = Extract<MultiPaxosMessage, { type: T }>;

/** Write the promise, the acceptances, the decided slots and the highest round used. */
export function save(s: MultiPaxosState, ctx: Ctx): void {
  ctx.persist({
    promised: s.promised,
    accepted: s.accepted,
    decided: s.decided,
    maxRound: s.maxRound,
  });
}

export function post(s: MultiPaxosState, ctx: Ctx, to: NodeId, m: MultiPaxosMessage): void {
  if (to === ctx.id) s.loopback.push({ from: ctx.id, m });
  else ctx.send(to, m);
}

/** Send `m` to every server (this one included, by loopback). */
export function toServers(s: MultiPaxosState, ctx: Ctx, m: MultiPaxosMessage): void {
  for (const id of s.options.servers) post(s, ctx, id, m);
}

/** Send `m` to every other server. */
export function toOthers(s: MultiPaxosState, ctx: Ctx, m: MultiPaxosMessage): void {
  for (const id of s.options.servers) if (id !== ctx.id) ctx.send(id, m);
}

/** A command's identity for the checkers: "c1:3" (client c1's request 3), or "no-op". */
export const commandId = (c: SlotCommand): string =>
  c.op === 'noop' ? 'no-op' : `${c.client ?? '?'}:${c.seq}`;

/** How a command reads in the log and the slot log: "put x=1", "no-op". */
export const commandText = (c: SlotCommand): string => describeCommand(c);

/** The first slot this node has not seen decided (slots count from 1). */
export function firstUndecided(s: MultiPaxosState): number {
  let i = s.applied + 1;
  while (s.decided[i]) i++;
  return i;
}

/** Rearm the election timer at a fresh random time in [min, max). */
export function armElection(s: MultiPaxosState, ctx: Ctx): void {
  const { electionTimeoutMinMs: min, electionTimeoutMaxMs: max } = s.options;
  ctx.setTimer('election', min + ctx.random() * (max - min));
}
