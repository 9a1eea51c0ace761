/**
 * Membership changes one server at a time (Ongaro's thesis, "Consensus: Bridging Theory and
 * Practice", 2014, §4.1–4.2.3).
 *
 * - §4.1: the configuration is a log entry; a server uses the latest configuration in its
 *   log, committed or not, from the moment it appends it (and falls back to the previous one
 *   if that entry is cut off). A leader starts a change only once the previous one is
 *   committed, and only once it has committed an entry of its own term (the fix Ongaro posted
 *   to raft-dev in 2015: otherwise a change made by an earlier leader and never committed can
 *   combine with this one into a two-server change).
 * - §4.2.1: a new server first catches up as a non-voting learner, in rounds; it is added when
 *   a round takes less than the minimum election timeout.
 * - §4.2.2: a leader removed from the configuration keeps leading (without counting itself)
 *   until the new configuration is committed, then steps down.
 * - §4.2.3: a server that heard from a current leader within the minimum election timeout
 *   ignores RequestVote (neither updating its term nor granting its vote); a leader too.
 *
 * Spare servers (not in the bootstrap configuration) start with an empty configuration: they
 * never time out or vote, and wait to be added, as a fresh etcd member started with
 * `--initial-cluster-state existing` does.
 *
 * This module decides; the handlers in raft.ts / replication.ts / election.ts append, send
 * and count with its answers.
 */
import type { Fact, NodeId } from '../../protocol';
import { lastIndex, majorityOf, termAt } from './log';
import { rejectPendingReads } from './reads';
import type { Command, Membership, RaftState } from './types';
import type { Ctx, Msg } from './server';

/** §4.2.1: a learner that has not caught up after this many rounds is given up on. */
export const MAX_CATCH_UP_ROUNDS = 10;

const byId = (a: NodeId, b: NodeId) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The bootstrap configuration as this server sees it: the scenario's `members` (every Raft
 * server when null), or nothing at all for a spare that is not among them.
 */
export function bootstrapConfig(s: RaftState, ctx: Ctx): NodeId[] {
  const all = s.options.members ?? [ctx.id, ...ctx.peers];
  return all.includes(ctx.id) ? [...all].sort(byId) : [];
}

/** The configuration of the latest config entry at or below `below`, else the bootstrap one. */
function configAtOrBelow(s: RaftState, below: number, ctx: Ctx): [NodeId[], number] {
  for (let i = Math.min(below, lastIndex(s.log)); i >= 1; i--) {
    const c = s.log[i - 1]?.command;
    if (c?.op === 'config') return [[...c.servers].sort(byId), i];
  }
  return [bootstrapConfig(s, ctx), 0];
}

/** §4.1: recompute the configuration in force from the whole log (boot, recovery, truncation). */
export function refreshConfig(s: RaftState, ctx: Ctx): void {
  [s.config, s.configIndex] = configAtOrBelow(s, lastIndex(s.log), ctx);
  if (s.learner && s.config.includes(s.learner.id)) s.learner = null;
}

/**
 * §4.1, after entries were appended: a config entry among them (the last one) is in force at
 * once, committed or not. Looks only at entries past the one in force.
 */
export function noteAppended(s: RaftState): void {
  for (let i = lastIndex(s.log); i > s.configIndex; i--) {
    const c = s.log[i - 1]?.command;
    if (c?.op !== 'config') continue;
    s.config = [...c.servers].sort(byId);
    s.configIndex = i;
    if (s.learner && s.config.includes(s.learner.id)) s.learner = null;
    return;
  }
}

/** §4.1, after the log was cut back to `index - 1`: the previous configuration may be back. */
export function noteTruncated(s: RaftState, index: number, ctx: Ctx): void {
  if (index <= s.configIndex) refreshConfig(s, ctx);
}

/** Whether `ids` (duplicates and non-members ignored) are a majority of the configuration. */
export function hasQuorum(s: RaftState, ids: readonly NodeId[]): boolean {
  if (s.config.length === 0) return false;
  let n = 0;
  for (const id of s.config) if (ids.includes(id)) n++;
  return n >= majorityOf(s.config.length);
}

/** The other voting servers, in the scenario's order (so default runs send as before). */
export function votingPeers(s: RaftState, ctx: Ctx): NodeId[] {
  return ctx.peers.filter((p) => s.config.includes(p));
}

/** Whom a leader replicates to: the voting servers and a learner catching up (§4.2.1). */
export function replicationTargets(s: RaftState, ctx: Ctx): NodeId[] {
  const learner = s.learner?.id;
  return ctx.peers.filter((p) => p === learner || s.config.includes(p));
}

/**
 * Whether this server may time out and stand for election: it is in its configuration, or
 * it was removed by a configuration not yet committed (§4.2.2: it may still be needed). A
 * spare, a learner and a server that knows its removal is committed stay quiet.
 */
export function mayStandForElection(s: RaftState, ctx: Ctx): boolean {
  if (s.config.includes(ctx.id)) return true;
  if (s.configIndex === 0 || s.configIndex <= s.commitIndex) return false;
  return configAtOrBelow(s, s.configIndex - 1, ctx)[0].includes(ctx.id);
}

/**
 * Membership rules apply once membership is in play (spares, or a configuration entry in
 * the log), so runs of a fixed cluster replay exactly as before they existed.
 */
const membershipInPlay = (s: RaftState) => s.options.members !== null || s.configIndex > 0;

/**
 * §4.2.3: drop a RequestVote that would disrupt a live leader. A server that heard from a
 * current leader within the minimum election timeout neither updates its term nor grants its
 * vote; a leader ignores it too. A spare (empty configuration) never votes. Returns true when
 * the request must be dropped (narrated here).
 */
export function ignoresVoteRequest(s: RaftState, m: Msg<'RequestVote'>, ctx: Ctx): boolean {
  if (!membershipInPlay(s)) return false;
  if (s.config.length === 0 && s.configIndex === 0) return true;
  if (m.term <= s.currentTerm) return false;
  const heard =
    s.role === 'leader' || ctx.now() - s.lastLeaderContact < s.options.electionTimeoutMinMs;
  if (!heard) return false;
  const fact: Fact = { kind: 'vote-ignored', from: m.candidateId, term: m.term };
  ctx.log(
    `ignored ${m.candidateId}'s vote request for term ${m.term}: ${s.role === 'leader' ? 'it leads' : `it heard from leader ${s.leaderId ?? '?'}`} within the minimum election timeout`,
    null,
    fact,
  );
  return true;
}

/** What a server is to the cluster, as far as it knows (shown in the inspector). */
export function membershipOf(s: RaftState): Membership {
  const me = s.self;
  if (s.config.includes(me)) return 'voter';
  const wasMember =
    (s.options.members ?? [me]).includes(me) ||
    s.log.some((e) => e.command.op === 'config' && e.command.servers.includes(me));
  if (wasMember) return 'removed';
  return s.leaderId !== null ? 'learner' : 'not-in-cluster';
}

/** What the leader does next about a requested change (see `decideChange`). */
export type ChangeStep =
  | { readonly kind: 'append'; readonly command: Command }
  | { readonly kind: 'catch-up'; readonly server: NodeId };

/**
 * The leader's decision on AddServer / RemoveServer (thesis Figure 4.1): refuse (narrated,
 * null), start a learner's catch-up (§4.2.1), or append the new configuration. With the
 * 'two-at-once' broken variant, a change adds or removes a second server as well.
 */
export function decideChange(
  s: RaftState,
  op: 'add' | 'remove',
  server: NodeId | null,
  ctx: Ctx,
): ChangeStep | null {
  const refuse = (why: string) => {
    ctx.log(`refused to ${op} ${server ?? 'a server'}: ${why}`, null, {
      kind: 'membership-refused',
      op,
      server,
      reason: why,
    });
    return null;
  };
  if (s.role !== 'leader') return refuse('it is not the leader');
  if (s.configIndex > s.commitIndex)
    return refuse(`the configuration change at index ${s.configIndex} is not committed yet`);
  if (termAt(s.log, s.commitIndex) !== s.currentTerm)
    return refuse(`it has not yet committed an entry of its term ${s.currentTerm}`);
  if (s.learner) {
    const stale =
      ctx.now() - s.learner.roundStart > MAX_CATCH_UP_ROUNDS * s.options.electionTimeoutMaxMs;
    if (!stale) return refuse(`${s.learner.id} is still catching up`);
    ctx.log(`gave up adding ${s.learner.id}: it stopped answering`);
    s.learner = null;
  }
  const spares = ctx.peers.filter((p) => !s.config.includes(p)).sort(byId);
  if (op === 'add') {
    const joining = server ?? spares[0];
    if (joining === undefined) return refuse('every server is already in the configuration');
    if (s.config.includes(joining)) return refuse(`${joining} is already in the configuration`);
    if (s.options.broken === 'two-at-once') {
      const second = spares.find((p) => p !== joining);
      if (second !== undefined)
        return { kind: 'append', command: config([...s.config, joining, second]) };
    }
    return { kind: 'catch-up', server: joining };
  }
  if (server === null || !s.config.includes(server))
    return refuse(`${server ?? 'it'} is not in the configuration`);
  if (s.config.length === 1) return refuse('a cluster cannot remove its last server');
  let leaving = [server];
  if (s.options.broken === 'two-at-once' && s.config.length > 2) {
    // The broken variant also drops the next voter after it (never leaving the cluster empty).
    const others = s.config.filter((p) => p !== server);
    const second = others.find((p) => byId(p, server) > 0) ?? others[0];
    if (second !== undefined) leaving = [server, second];
  }
  return { kind: 'append', command: config(s.config.filter((p) => !leaving.includes(p))) };
}

const config = (servers: readonly NodeId[]): Command => ({
  op: 'config',
  servers: [...servers].sort(byId),
});

/** §4.2.1: begin replicating to a new server before it counts; its first round starts now. */
export function startCatchUp(s: RaftState, server: NodeId, ctx: Ctx): void {
  s.learner = { id: server, round: 1, roundEnd: lastIndex(s.log), roundStart: ctx.now() };
  s.nextIndex[server] = lastIndex(s.log) + 1;
  s.matchIndex[server] = 0;
  ctx.log(`started catching up ${server} as a non-voting learner`, null, {
    kind: 'learner-started',
    server,
  });
}

/**
 * §4.2.1, on a successful AppendEntries reply from the learner: when it holds every entry of
 * the round, a round quicker than the minimum election timeout means it has caught up and the
 * configuration with it is returned for the leader to append; otherwise a new round begins
 * (and after MAX_CATCH_UP_ROUNDS the change is abandoned).
 */
export function learnerProgress(s: RaftState, from: NodeId, ctx: Ctx): Command | null {
  const l = s.learner;
  if (s.role !== 'leader' || !l || l.id !== from || (s.matchIndex[from] ?? 0) < l.roundEnd)
    return null;
  const took = ctx.now() - l.roundStart;
  if (took < s.options.electionTimeoutMinMs) {
    ctx.log(
      `finds ${from} caught up in round ${l.round} (${Math.round(took)} ms): adding it`,
      null,
      {
        kind: 'learner-caught-up',
        server: from,
        round: l.round,
      },
    );
    if (s.configIndex > s.commitIndex) return null; // a change is in flight (cannot happen)
    return config([...s.config, from]);
  }
  if (l.round >= MAX_CATCH_UP_ROUNDS) {
    ctx.log(`gave up adding ${from}: still behind after ${l.round} rounds`);
    s.learner = null;
    return null;
  }
  l.round++;
  l.roundEnd = lastIndex(s.log);
  l.roundStart = ctx.now();
  return null;
}

/**
 * After the leader's commitIndex moved from `before`: if that committed its configuration
 * entry, the servers it removed are returned (to be told, so they stop standing for
 * election), and a leader not in it steps down (§4.2.2).
 */
export function afterCommit(s: RaftState, before: number, ctx: Ctx): NodeId[] {
  if (s.role !== 'leader' || s.configIndex <= before || s.configIndex > s.commitIndex) return [];
  const [previous] = configAtOrBelow(s, s.configIndex - 1, ctx);
  const removed = previous.filter((p) => !s.config.includes(p));
  ctx.log(`configuration {${s.config.join(', ')}} is committed`, null, {
    kind: 'config-committed',
    index: s.configIndex,
    servers: s.config,
  });
  if (!s.config.includes(ctx.id)) {
    s.role = 'follower';
    s.leaderId = null;
    ctx.cancelTimer('heartbeat');
    rejectPendingReads(s, ctx);
    ctx.log(`stepped down: the configuration without it is committed`, 'leader', {
      kind: 'stepped-down',
      term: s.currentTerm,
      from: s.currentTerm,
      role: 'leader',
    });
  }
  return removed.filter((p) => p !== ctx.id);
}

/** A server's own node menu: ask for a change; a follower forwards it to the leader it knows. */
export function requestChange(
  s: RaftState,
  op: 'add' | 'remove',
  server: NodeId | null,
  ctx: Ctx,
): boolean {
  if (op === 'remove' && server === ctx.id && !s.config.includes(server)) {
    ctx.log('is not in the cluster: there is nothing to remove it from');
    return false;
  }
  if (s.role === 'leader') return true;
  const what = op === 'add' ? 'add a server' : `remove ${server ?? 'a server'}`;
  if (s.leaderId === null || s.leaderId === ctx.id) {
    ctx.log(`cannot ${what}: it knows no leader to ask`);
    return false;
  }
  ctx.log(`asked leader ${s.leaderId} to ${what}`);
  ctx.send(s.leaderId, { type: 'ChangeMembership', op, server });
  return false;
}
