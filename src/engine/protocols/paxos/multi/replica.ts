/**
 * The replica (van Renesse & Altinbuken, "Paxos Made Moderately Complex", 2015, §2 "Replicas"):
 * it learns which command each slot decided and applies the decided slots strictly in slot
 * order to its key-value store, so every replica passes through the same states. A client's
 * request applies at most once: each replica remembers every client's latest applied request
 * and its answer (a retried command decided in two slots takes effect in the first only),
 * as Raft's session table does (Ongaro's thesis, §6.3).
 */
import { incremented } from '../../raft/sessions';
import { commandId, commandText, post, save, type Ctx } from './context';
import type { MultiPaxosState, SlotCommand } from './types';

/** Learn that `slot` decided `command` (`how`: in words, for the log), then apply what follows. */
export function learn(
  s: MultiPaxosState,
  slot: number,
  command: SlotCommand,
  how: string,
  ctx: Ctx,
): void {
  if (s.decided[slot] || slot <= s.applied) return;
  s.decided[slot] = command;
  s.fresh.learned.push([slot, commandId(command)]);
  save(s, ctx);
  ctx.log(`learned slot ${slot} is ${commandText(command)} (${how})`, 'learned', {
    kind: 'decided',
    slot,
    value: commandText(command),
  });
  applyDecided(s, ctx);
}

/** Apply every decided slot after `applied`, in order, stopping at the first hole. */
export function applyDecided(s: MultiPaxosState, ctx: Ctx | null): void {
  for (let c = s.decided[s.applied + 1]; c; c = s.decided[s.applied + 1]) {
    s.applied++;
    const answer = execute(s, c);
    // The leader answers the client (it may be the one the client is waiting on).
    if (ctx && answer && s.role === 'leader' && c.op !== 'noop' && c.client !== null)
      post(s, ctx, c.client, { type: 'ClientReply', seq: c.seq, result: answer });
  }
}

/** Apply one command; returns the client's answer, or null for a no-op or a stale duplicate. */
function execute(s: MultiPaxosState, c: SlotCommand): { ok: true; value: string | null } | null {
  if (c.op === 'noop' || c.client === null) return null;
  const session = s.sessions[c.client];
  if (session && c.seq <= session.seq)
    return c.seq === session.seq ? { ok: true, value: session.value } : null;
  if (c.op === 'put') s.kv[c.key] = c.value;
  else if (c.op === 'incr') s.kv[c.key] = incremented(s.kv[c.key]);
  const value = s.kv[c.key] ?? null;
  s.sessions[c.client] = { seq: c.seq, value };
  return { ok: true, value };
}

/** The answer a replica already has for a request (its latest from that client), or null. */
export function knownAnswer(s: MultiPaxosState, client: string, seq: number) {
  const session = s.sessions[client];
  return session && session.seq >= seq ? session : null;
}
