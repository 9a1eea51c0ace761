/**
 * What L10's goals and reveals read from the run: the client's requests and answers, the
 * partitions the learner drew, and which leader is which.
 */
import type { Json, NodeId } from '../engine/protocol';
import type { SimAction } from '../engine/sim/actions';
import type { GoalContext } from './types';
import { actionsOf, entriesOf, factsOf, num, str, varText } from './goals';
import { elections, leaderAt, upServers } from './raft-goals';

export const CONTROLS = ['play', 'step', 'speed'] as const;
export const PANELS = ['client', 'inspector', 'events', 'checks', 'history'] as const;

export const send = (args: Record<string, Json>): SimAction => ({
  type: 'protocol',
  node: 'c1',
  action: { id: 'send', args },
});

/** The client's completed operations since the step began. */
export const ops = (ctx: GoalContext) =>
  entriesOf(ctx.trace, 'op')
    .filter((e) => e.node === 'c1')
    .map((e) => ({ ...e.op, t: e.t }));

/** The learner's partitions since the step began that split off the leader with one other server. */
export function minorityCuts(
  ctx: GoalContext,
): { oldLeader: NodeId; group: readonly NodeId[]; t: number }[] {
  const cuts: { oldLeader: NodeId; group: readonly NodeId[]; t: number }[] = [];
  // A partition is recorded on the trace as a network entry at the moment it was applied.
  const times = entriesOf(ctx.trace, 'net')
    .filter((e) => e.text.startsWith('partition'))
    .map((e) => e.t);
  actionsOf(ctx, 'partition').forEach((a, i) => {
    const t = times[i] ?? ctx.frame.time;
    const leader = leaderAt(ctx, t);
    const group = a.groups.find((g) => leader !== null && g.includes(leader));
    if (leader && group && group.filter((id) => id !== 'c1').length === 2)
      cuts.push({ oldLeader: leader, group, t });
  });
  return cuts;
}

/** A leader elected on the majority side after the cut. */
export function majorityLeader(ctx: GoalContext) {
  const cut = minorityCuts(ctx)[0];
  if (!cut) return undefined;
  return elections(ctx).find((f) => f.t > cut.t && !cut.group.includes(f.node));
}

/** x = 2 appended at the old leader, as a fact. */
export const minorityAppend = (ctx: GoalContext) =>
  factsOf(ctx.trace, 'appended', varText(ctx, 'oldLeader')).find(
    (f) => str(f, 'key') === 'x' && str(f, 'value') === '2',
  );

export const requests = (ctx: GoalContext) => factsOf(ctx.trace, 'request-sent', 'c1');

/** x = 1 appended (at the leader), whether it committed there, was applied, and c1 heard back. */
export function firstWrite(ctx: GoalContext) {
  const appended = factsOf(ctx.trace, 'appended').find(
    (f) => str(f, 'key') === 'x' && str(f, 'value') === '1',
  );
  const committed =
    appended !== undefined &&
    factsOf(ctx.trace, 'committed', appended.node).some(
      (f) => num(f, 'index') >= num(appended, 'index'),
    );
  const applied =
    appended !== undefined &&
    factsOf(ctx.trace, 'applied', appended.node).some(
      (f) => str(f, 'key') === 'x' && str(f, 'value') === '1',
    );
  const answered = ops(ctx).some((o) => o.phase === 'ok' && o.fn === 'write' && o.value === '1');
  return { appended, committed, applied, answered };
}

/** Whether x = 2, appended at the old leader, has committed there. */
export function minorityCommitted(ctx: GoalContext): boolean {
  const appended = minorityAppend(ctx);
  return (
    appended !== undefined &&
    factsOf(ctx.trace, 'committed', appended.node).some(
      (f) => num(f, 'index') >= num(appended, 'index'),
    )
  );
}

/** The client gave up on (or was refused) a write: its outcome is unknown to the client. */
export const writeUnanswered = (ctx: GoalContext, value: string) =>
  ops(ctx).some(
    (o) => o.fn === 'write' && o.value === value && o.phase !== 'invoke' && o.phase !== 'ok',
  );

/** A ReadIndex read at `server` after `since` that failed, with no ReadIndex answer there. */
export function readIndexRefused(ctx: GoalContext, server: string): boolean {
  const asked = requests(ctx).find(
    (f) => str(f, 'to') === server && str(f, 'read') === 'read-index',
  );
  return (
    asked !== undefined &&
    ops(ctx).some((o) => o.t > asked.t && o.phase === 'fail' && o.fn === 'read') &&
    !factsOf(ctx.trace, 'read-served', server).some((f) => str(f, 'mode') === 'read-index')
  );
}

/**
 * Local reads answered with a value older than an acknowledged write of the same key:
 * the unsafe read path serving a stale value, as facts (the checker's verdict is only
 * its first violation, so it cannot tell a second one).
 */
export function staleLocalReads(ctx: GoalContext) {
  const acked = ops(ctx).filter((o) => o.phase === 'ok' && o.fn === 'write');
  return factsOf(ctx.trace, 'read-served')
    .filter((f) => str(f, 'mode') === 'local')
    .filter((f) => {
      const last = acked.filter((o) => o.t < f.t && o.key === str(f, 'key')).at(-1);
      return last !== undefined && String(last.value) !== str(f, 'value');
    });
}

/** Of two leaders, the one in the higher term (the golden path's picks). */
export function newestLeader(ctx: GoalContext): NodeId {
  const leaders = upServers(ctx).filter((s) => s.role === 'leader');
  const pick = leaders.sort((a, b) => (b.term ?? 0) - (a.term ?? 0))[0];
  if (!pick) throw new Error('no leader');
  return pick.id;
}

/** Of two leaders, the one in the lower term: deposed, and not told. */
export function oldestLeader(ctx: GoalContext): NodeId {
  const leaders = upServers(ctx).filter((s) => s.role === 'leader');
  const pick = leaders.sort((a, b) => (a.term ?? 0) - (b.term ?? 0))[0];
  if (!pick) throw new Error('no leader');
  return pick.id;
}

export function leaderNow(ctx: GoalContext): NodeId {
  const leader = upServers(ctx).find((s) => s.role === 'leader');
  if (!leader) throw new Error('no leader');
  return leader.id;
}
