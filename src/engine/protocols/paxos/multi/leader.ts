/**
 * The distinguished proposer, the leader (van Renesse & Altinbuken, "Paxos Made Moderately
 * Complex", 2015, §3 "Leaders", scouts and commanders; Lamport, "Paxos Made Simple", 2001,
 * §3). A server that hears no leader for an election timeout runs phase 1 ONCE for every slot
 * from its first undecided one, with a ballot above every round it has seen. With promises
 * from a majority it adopts, for each slot, the command accepted in the highest ballot, fills
 * the holes below the highest reported slot with no-ops, and sends them in phase 2. While it
 * stays leader each new client command goes straight to phase 2 in the next free slot: no
 * phase 1. It heartbeats so followers do not run for leader, retransmits what is not yet
 * chosen, and steps down when any acceptor tells it of a higher ballot.
 */
import { ballotText, compareBallots, maxBallot } from '../ballot';
import {
  armElection,
  commandText,
  firstUndecided,
  post,
  save,
  toOthers,
  toServers,
  type Ctx,
  type Msg,
} from './context';
import { quorumOf } from './options';
import { knownAnswer, learn } from './replica';
import type { Decision, MultiPaxosState, PromisedSlot, SlotAcceptance, SlotCommand } from './types';

/** How many decided slots one Decide answering a CatchUp carries at most. */
const CATCH_UP_BATCH = 32;

/** The election timer fired: start phase 1 with a fresh ballot (or, broken, skip it). */
export function runForLeader(s: MultiPaxosState, ctx: Ctx): void {
  if (s.role === 'leader') return;
  s.maxRound = Math.max(s.maxRound, s.promised?.round ?? 0) + 1;
  s.ballot = { round: s.maxRound, by: ctx.id };
  s.promises = {};
  s.proposals = {};
  s.prepareFrom = firstUndecided(s);
  save(s, ctx); // never reuse a round after a restart
  armElection(s, ctx); // no majority in time: try again with a higher ballot
  if (s.options.broken === 'skip-phase-1') {
    // Broken: lead at once, continuing after the highest slot this node happens to know of.
    s.promised = s.ballot;
    save(s, ctx);
    ctx.log(`takes over with ballot ${ballotText(s.ballot)} without phase 1 (broken)`, null, {
      kind: 'prepare-sent',
      ballot: ballotText(s.ballot),
      fromSlot: s.prepareFrom,
    });
    return lead(s, highestKnownSlot(s), [], ctx);
  }
  s.role = 'candidate';
  s.leader = null;
  ctx.log(
    `runs for leader: ballot ${ballotText(s.ballot)}, phase 1 for slots ${s.prepareFrom} on`,
    null,
    { kind: 'prepare-sent', ballot: ballotText(s.ballot), fromSlot: s.prepareFrom },
  );
  toServers(s, ctx, { type: 'Prepare', ballot: s.ballot, fromSlot: s.prepareFrom });
}

const isMine = (s: MultiPaxosState, b: Msg<'Promise'>['ballot']) =>
  s.ballot !== null && compareBallots(s.ballot, b) === 0;

/** Phase 1b arrives; with a majority of promises this node leads. */
export function onPromise(s: MultiPaxosState, from: string, m: Msg<'Promise'>, ctx: Ctx): void {
  if (s.role !== 'candidate' || !isMine(s, m.ballot) || from in s.promises) return;
  s.promises[from] = m.accepted;
  if (Object.keys(s.promises).length < quorumOf(s.options)) return;
  const reported = Object.values(s.promises).flat();
  const top = reported.reduce((hi, a) => Math.max(hi, a.slot), 0);
  lead(s, Math.max(top, highestKnownSlot(s)), reported, ctx);
}

/**
 * Per slot, the acceptance with the highest ballot among the promises ("Paxos Made
 * Moderately Complex", §3, pmax): the only command that may already have been chosen there.
 */
export function adopted(reported: readonly PromisedSlot[]): Record<number, SlotAcceptance> {
  const best: Record<number, SlotAcceptance> = {};
  for (const a of reported) {
    const b = best[a.slot];
    if (!b || maxBallot(a.ballot, b.ballot) === a.ballot)
      best[a.slot] = { ballot: a.ballot, command: a.command };
  }
  return best;
}

/**
 * Become leader: phase 2 for every open slot from `prepareFrom` to `top` — the adopted
 * command where an acceptor reported one, a no-op in each hole — then new slots after `top`.
 */
function lead(s: MultiPaxosState, top: number, reported: readonly PromisedSlot[], ctx: Ctx) {
  s.role = 'leader';
  s.leader = ctx.id;
  s.promises = {};
  s.proposals = {};
  ctx.cancelTimer('election');
  const best = s.options.broken === 'ignore-accepted' ? {} : adopted(reported);
  let adoptedCount = 0;
  let holes = 0;
  for (let slot = s.prepareFrom; slot <= top; slot++) {
    if (s.decided[slot]) continue;
    const command: SlotCommand = best[slot]?.command ?? { op: 'noop' };
    if (best[slot]) adoptedCount++;
    else holes++;
    propose(s, slot, command, ctx);
  }
  s.nextSlot = top + 1;
  ctx.log(
    `leads with ballot ${ballotText(s.ballot)}: re-proposes ${adoptedCount} accepted slot${adoptedCount === 1 ? '' : 's'}, fills ${holes} hole${holes === 1 ? '' : 's'} with no-ops; new commands from slot ${s.nextSlot}`,
    'leader',
    {
      kind: 'leader-elected',
      ballot: ballotText(s.ballot),
      adopted: adoptedCount,
      holes,
      nextSlot: s.nextSlot,
    },
  );
  heartbeat(s, ctx, false);
}

/** The highest slot this node holds anything for (accepted or decided). */
function highestKnownSlot(s: MultiPaxosState): number {
  const slots = [...Object.keys(s.accepted), ...Object.keys(s.decided)].map(Number);
  return Math.max(s.applied, ...slots);
}

/** Phase 2a for one slot: record the proposal and ask every acceptor. */
export function propose(s: MultiPaxosState, slot: number, command: SlotCommand, ctx: Ctx): void {
  if (!s.ballot) return;
  s.proposals[slot] = { command, accepts: [], sentAt: ctx.now() };
  toServers(s, ctx, { type: 'Accept', ballot: s.ballot, slot, command });
}

/** A client's command: the leader gives it the next slot; anyone else points to the leader. */
export function onClientRequest(
  s: MultiPaxosState,
  from: string,
  m: Msg<'ClientRequest'>,
  ctx: Ctx,
): void {
  const c = m.command;
  if (c.op !== 'put' && c.op !== 'get' && c.op !== 'incr') return;
  if (c.client === null) return;
  if (s.role !== 'leader') {
    const hint = s.leader !== ctx.id ? s.leader : null;
    post(s, ctx, from, {
      type: 'ClientReply',
      seq: c.seq,
      result: { ok: false, error: 'not-leader', leaderHint: hint },
    });
    return;
  }
  const known = knownAnswer(s, c.client, c.seq);
  if (known) {
    // Already applied (a retry whose answer was lost): answer again, do not apply twice.
    if (known.seq === c.seq)
      post(s, ctx, from, {
        type: 'ClientReply',
        seq: c.seq,
        result: { ok: true, value: known.value },
      });
    return;
  }
  const inFlight = Object.values(s.proposals).some(
    (p) => p.command.op !== 'noop' && p.command.client === c.client && p.command.seq === c.seq,
  );
  if (inFlight) return; // the answer goes out once it is chosen and applied
  // Reads go through the log (the one read mode this lab has), so drop any other mode.
  const command: SlotCommand =
    c.op === 'get' ? { op: 'get', client: c.client, seq: c.seq, key: c.key } : c;
  const slot = s.nextSlot++;
  ctx.log(`proposes ${commandText(command)} in slot ${slot} (no phase 1: it leads)`, null, {
    kind: 'proposed',
    slot,
    ballot: ballotText(s.ballot),
    value: commandText(command),
  });
  propose(s, slot, command, ctx);
}

/** Phase 2b at the leader: with a majority the slot is chosen; tell every replica. */
export function onAccepted(s: MultiPaxosState, from: string, m: Msg<'Accepted'>, ctx: Ctx): void {
  const p = s.proposals[m.slot];
  if (s.role !== 'leader' || !p || !isMine(s, m.ballot) || p.accepts.includes(from)) return;
  p.accepts.push(from);
  if (p.accepts.length < quorumOf(s.options)) return;
  delete s.proposals[m.slot];
  toOthers(s, ctx, { type: 'Decide', decisions: [{ slot: m.slot, command: p.command }] });
  learn(s, m.slot, p.command, `chosen: ${p.accepts.length} acceptors accepted it`, ctx);
}

/** A refusal: a higher ballot exists, so this node neither leads nor prepares any more. */
export function onNack(s: MultiPaxosState, from: string, m: Msg<'Nack'>, ctx: Ctx): void {
  s.maxRound = Math.max(s.maxRound, m.promised.round);
  if (s.role === 'follower' || !isMine(s, m.ballot)) return;
  stepDown(s, `${from} promised ${ballotText(m.promised)}`, ctx);
}

/** Stop leading or preparing (`why`, in words) and wait for a leader again. */
export function stepDown(s: MultiPaxosState, why: string, ctx: Ctx): void {
  if (s.role === 'follower') return;
  ctx.log(`gives up ballot ${ballotText(s.ballot)}: ${why}`, null, {
    kind: 'preempted',
    ballot: ballotText(s.ballot),
    was: s.role,
  });
  s.role = 'follower';
  s.ballot = null;
  s.proposals = {};
  s.promises = {};
  if (s.leader === ctx.id) s.leader = null;
  ctx.cancelTimer('heartbeat');
  armElection(s, ctx);
}

/**
 * The leader's beat: say it is alive and, unless it has just sent them (`resend` false, on
 * taking over), send again every Accept not answered within a beat (a lost one would stall
 * its slot).
 */
export function heartbeat(s: MultiPaxosState, ctx: Ctx, resend = true): void {
  if (s.role !== 'leader' || !s.ballot) return;
  toOthers(s, ctx, { type: 'Heartbeat', ballot: s.ballot, decidedUpTo: s.applied });
  if (resend)
    for (const [slot, p] of Object.entries(s.proposals)) {
      // One sent less than a beat ago is most likely still on its way: leave it.
      if (ctx.now() - p.sentAt < s.options.heartbeatMs) continue;
      p.sentAt = ctx.now();
      for (const id of s.options.servers)
        if (!p.accepts.includes(id))
          post(s, ctx, id, {
            type: 'Accept',
            ballot: s.ballot,
            slot: Number(slot),
            command: p.command,
          });
    }
  ctx.setTimer('heartbeat', s.options.heartbeatMs);
}

/** A follower hears the leader: no election yet; ask for the decided slots it lacks. */
export function onHeartbeat(s: MultiPaxosState, from: string, m: Msg<'Heartbeat'>, ctx: Ctx): void {
  if (s.promised && compareBallots(m.ballot, s.promised) < 0) {
    post(s, ctx, from, { type: 'Nack', ballot: m.ballot, promised: s.promised });
    return;
  }
  if (s.ballot && compareBallots(m.ballot, s.ballot) > 0)
    stepDown(s, `${from} leads ballot ${ballotText(m.ballot)}`, ctx);
  if (s.role !== 'follower') return;
  s.leader = from;
  armElection(s, ctx);
  const next = firstUndecided(s);
  if (m.decidedUpTo >= next) post(s, ctx, from, { type: 'CatchUp', fromSlot: next });
}

/** Send a replica that missed some the decided slots from `m.fromSlot` on. */
export function onCatchUp(s: MultiPaxosState, from: string, m: Msg<'CatchUp'>, ctx: Ctx): void {
  const decisions: Decision[] = [];
  for (let slot = m.fromSlot; decisions.length < CATCH_UP_BATCH; slot++) {
    const command = s.decided[slot];
    if (!command) break;
    decisions.push({ slot, command });
  }
  if (decisions.length) post(s, ctx, from, { type: 'Decide', decisions });
}

/** Decided slots from the leader (or a catch-up answer). */
export function onDecide(s: MultiPaxosState, from: string, m: Msg<'Decide'>, ctx: Ctx): void {
  for (const d of m.decisions) learn(s, d.slot, d.command, `told by ${from}`, ctx);
}
