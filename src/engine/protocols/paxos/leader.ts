/**
 * A distinguished proposer (Lamport, "Paxos Made Simple", 2001, §2.4: "a distinguished
 * proposer is selected as the only one to try issuing proposals"), elected the simplest way
 * that survives a crash: every proposer in leader mode sends heartbeats to the nodes after it
 * in scenario order, and a proposer starts a ballot only when it has heard nothing from every
 * node before it for a ballot timeout. The lowest-id live proposer therefore leads; when it
 * crashes the next one takes over a timeout later. Leadership is only a liveness aid: two
 * proposers that both think they lead (a lost heartbeat, a partition) are as safe as ever,
 * they just may duel again for a while.
 */
import type { NodeId } from '../../protocol';
import { post, type Ctx } from './context';
import type { PaxosOptions, PaxosState } from './types';

/** How often a proposer in leader mode says it is alive: four times per ballot timeout. */
export const heartbeatEveryMs = (o: PaxosOptions): number =>
  Math.max(10, Math.round(o.timeoutMs / 4));

/** Turn leader mode on at this node (at boot with the `leader` option, or by its action). */
export function startLeaderMode(s: PaxosState, ctx: Ctx): void {
  if (s.leaderMode) return;
  s.leaderMode = true;
  // Nodes before this one count as alive until a timeout from now without a heartbeat.
  s.leaderSince = ctx.now();
  s.heardAt = {};
  if (s.options.proposer) onHeartbeatTimer(s, ctx);
}

/** Say "I am alive" to every node after this one, and again after `heartbeatEveryMs`. */
export function onHeartbeatTimer(s: PaxosState, ctx: Ctx): void {
  if (!s.leaderMode || !s.options.proposer || s.learned) return;
  const order = s.options.acceptors;
  for (const id of order.slice(order.indexOf(ctx.id) + 1)) post(s, ctx, id, { type: 'Heartbeat' });
  ctx.setTimer('heartbeat', heartbeatEveryMs(s.options));
}

/** A heartbeat from `from`: it is alive now, by this node's clock. */
export function onHeartbeat(s: PaxosState, from: NodeId, ctx: Ctx): void {
  s.heardAt[from] = ctx.now();
}

/**
 * Whom this node takes for the leader now: the first node in scenario order that is this
 * node, or that it has heard from (or, if never heard, began waiting for) within a timeout.
 */
export function leaderNow(s: PaxosState, ctx: Ctx): NodeId {
  for (const id of s.options.acceptors) {
    if (id === ctx.id) return id;
    const last = s.heardAt[id] ?? s.leaderSince;
    if (ctx.now() - last < s.options.timeoutMs) return id;
  }
  return ctx.id;
}

/**
 * Whether this proposer may start a ballot now. Without leader mode, always. In leader mode,
 * only as leader; otherwise it says whom it defers to (once per leader) and looks again a
 * ballot timeout later, so a crashed leader is replaced.
 */
export function mayStartBallot(s: PaxosState, ctx: Ctx): boolean {
  if (!s.leaderMode) return true;
  const leader = leaderNow(s, ctx);
  if (leader === ctx.id) {
    s.following = null;
    return true;
  }
  if (s.following !== leader) {
    s.following = leader;
    ctx.log(`defers to ${leader}, the distinguished proposer`, null, {
      kind: 'deferred',
      leader,
    });
  }
  s.phase = s.phase === 'idle' ? 'idle' : 'waiting';
  ctx.setTimer('retry', s.options.timeoutMs);
  return false;
}
