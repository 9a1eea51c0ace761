/**
 * The key-value state machine and its client session table (Raft thesis §6.3, "Implementing
 * linearizable semantics"): each server remembers, per client, the latest request it applied
 * and its answer, so a request the client retried (its reply was lost, or it timed out) takes
 * effect once and the retry is answered from the table. With the table switched off (the
 * `sessions` option) every copy of a request in the log takes effect: an INCR retried after
 * its reply was lost adds 2, and `doubleApplied` records it for the "Each request applied at
 * most once" invariant.
 */
import type { NodeId } from '../../protocol';
import { describeCommand } from './log';
import type { Command, RaftState } from './types';
import type { Ctx } from './server';

/** A command a client sent: it has a client, a request number and a key. */
export type ClientCommand = Extract<Command, { op: 'put' | 'get' | 'incr' }>;

/** Per client, how many applied requests are remembered to notice a double application. */
export const RECENT_REQUESTS = 32;

/** The value INCR leaves: the whole number held plus 1 (nil or not a whole number: 0 + 1). */
export function incremented(value: string | null | undefined): string {
  const n = value !== null && value !== undefined && /^-?\d+$/.test(value) ? Number(value) : 0;
  return String(n + 1);
}

/**
 * The session entry that already answers `c`, or null: a request numbered at or below the
 * client's latest applied one is a duplicate (clients send one request at a time, §6.3).
 */
export function sessionAnswer(
  s: RaftState,
  c: ClientCommand,
): { seq: number; value: string | null; index: number } | null {
  if (!s.options.sessions || c.client === null) return null;
  const session = s.sessions[c.client];
  return session && session.seq >= c.seq ? session : null;
}

/** Narrate a retry answered from the session table (the leader only: one story, not five). */
export function narrateSessionAnswer(
  c: ClientCommand,
  at: { index: number },
  how: 'retry' | 'entry',
  logIndex: number,
  ctx: Ctx,
): void {
  const who = c.client ?? 'a client';
  const what = `${describeCommand(c)} (request ${c.seq})`;
  const text =
    how === 'retry'
      ? `answered ${who}'s retry of ${what} from its session table: already applied at index ${at.index}`
      : `skipped ${who}'s ${what} at index ${logIndex}: its session table shows it already applied at index ${at.index}`;
  ctx.log(text, null, {
    kind: 'session-hit',
    client: who,
    seq: c.seq,
    command: describeCommand(c),
    appliedAt: at.index,
    ...(how === 'entry' ? { index: logIndex } : {}),
  });
}

/** Remember that `c` took effect at `index`; note it in words if it already had. */
function noteApplied(s: RaftState, client: NodeId, c: ClientCommand, index: number): void {
  const recent = (s.recentRequests[client] ??= []);
  const earlier = recent.find(([seq]) => seq === c.seq);
  if (earlier && s.doubleApplied === null)
    s.doubleApplied = `${client}'s request ${c.seq} (${describeCommand(c)}) took effect at index ${earlier[1]} and again at index ${index}`;
  recent.push([c.seq, index]);
  if (recent.length > RECENT_REQUESTS) recent.shift();
}

/**
 * Apply one committed client command at `index` to the state machine. Returns the answer
 * for its client, and whether it took effect (false: a duplicate the session table caught).
 */
export function applyCommand(
  s: RaftState,
  c: ClientCommand,
  index: number,
  ctx: Ctx,
): { value: string | null; tookEffect: boolean } {
  const known = sessionAnswer(s, c);
  if (known) {
    if (s.role === 'leader') narrateSessionAnswer(c, known, 'entry', index, ctx);
    return { value: known.value, tookEffect: false };
  }
  if (c.op === 'put') s.kv[c.key] = c.value;
  else if (c.op === 'incr') s.kv[c.key] = incremented(s.kv[c.key]);
  const value = s.kv[c.key] ?? null;
  if (c.client !== null) {
    if (s.options.sessions) s.sessions[c.client] = { seq: c.seq, value, index };
    noteApplied(s, c.client, c, index);
  }
  return { value, tookEffect: true };
}
