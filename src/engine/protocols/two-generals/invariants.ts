/**
 * The two generals' checkers, over every general's observations (`GeneralSeen`):
 * - "Both generals do the same at dawn" — the property no protocol can guarantee over a lossy
 *   link (Gray 1978; Halpern & Moses 1990). It is violated whenever one attacks alone, and the
 *   lab shows it red; the simulation suites tolerate it and count how often it holds.
 * - "No attack on a plan never heard" — validity: the general who did not make the plan attacks
 *   only if the plan reached it. Every correct variant keeps it; `attack-anyway` breaks it.
 * The first also builds the `TwoGeneralsSummary` the views read.
 */
import type { Invariant, Observation } from '../../check/invariant';
import type { Json, NodeId } from '../../protocol';
import type { GeneralSeen } from './general';
import type { RoundRow, TwoGeneralsSummary } from './summary';

interface AgreeMemory {
  seen: Record<NodeId, GeneralSeen>;
  up: Record<NodeId, boolean>;
  /** Virtual time the first copy of each round arrived (index round − 1; null before). */
  firstArrivedAt: (number | null)[];
  reported: boolean;
}

const generalOf = (o: Observation): GeneralSeen | null => o.data as unknown as GeneralSeen | null;

/** Rounds are sent by the initiator when odd (general.ts). */
const senderOf = (round: number, seen: Record<NodeId, GeneralSeen>): NodeId =>
  Object.keys(seen).find((id) => seen[id]?.initiator === (round % 2 === 1)) ?? '';

/** The chain, round by round, from what each general sent and received. */
function chainOf(memory: AgreeMemory): RoundRow[] {
  const any = Object.values(memory.seen)[0];
  if (!any) return [];
  return Array.from({ length: any.rounds }, (_, i) => {
    const round = i + 1;
    const from = senderOf(round, memory.seen);
    const sender = memory.seen[from];
    const receiver = Object.entries(memory.seen).find(([id]) => id !== from)?.[1];
    const copiesSent =
      !sender || sender.sent < round
        ? 0
        : sender.sent > round
          ? sender.messengers
          : sender.copiesSent;
    return {
      round,
      from,
      // A round the sender moved past was cut short by the reply (the copies it sent then are
      // not known once it moved on; the receiver's count is what arrived).
      copiesSent: Math.max(copiesSent, receiver?.arrivals[i] ?? 0),
      copiesArrived: receiver?.arrivals[i] ?? 0,
      firstArrivedAt: memory.firstArrivedAt[i] ?? null,
    };
  });
}

export function generalsSummary(memory: AgreeMemory): TwoGeneralsSummary {
  const any = Object.values(memory.seen)[0];
  const decisions = Object.values(memory.seen).map((g) => g.decision);
  return {
    rounds: any?.rounds ?? 0,
    messengers: any?.messengers ?? 0,
    generals: Object.entries(memory.seen).map(([node, g]) => ({
      node,
      decision: g.decision,
      confirmations: g.arrivals.filter((n) => n > 0).length,
      knowledgeDepth: g.heard,
      lastSentConfirmed: g.sent > 0 && g.heard > g.sent,
    })),
    chain: chainOf(memory),
    uncoordinated: decisions.includes('attack') && decisions.includes('hold'),
    dawnMs: any?.dawnMs ?? 0,
    resend: any?.resend ?? 'fixed',
    story: any?.story ?? 'generals',
  };
}

export const generalsAgree: Invariant<AgreeMemory> = {
  id: 'generals-agree',
  title: 'Both generals do the same at dawn',
  description:
    'Both attack or both hold. Over a link that can lose messengers, no finite protocol guarantees it.',
  init: () => ({ seen: {}, up: {}, firstArrivedAt: [], reported: false }),
  check(memory, o) {
    const g = generalOf(o);
    memory.up[o.node] = g !== null;
    if (!g) return null;
    const before = memory.seen[o.node];
    for (let i = 0; i < g.arrivals.length; i++)
      if ((g.arrivals[i] ?? 0) > 0 && (before?.arrivals[i] ?? 0) === 0)
        memory.firstArrivedAt[i] = memory.firstArrivedAt[i] ?? o.time;
    memory.seen[o.node] = g;
    const all = Object.entries(memory.seen);
    const attacker = all.find(([, s]) => s.decision === 'attack')?.[0];
    const holder = all.find(([, s]) => s.decision === 'hold')?.[0];
    if (memory.reported || !attacker || !holder) return null;
    memory.reported = true;
    return {
      invariant: 'generals-agree',
      message: `${attacker} attacks alone: ${holder} holds (it heard ${memory.seen[holder]?.heard ?? 0} of ${g.rounds} rounds)`,
      time: o.time,
      events: [o.cause],
    };
  },
  summary: (memory) => ({ data: generalsSummary(memory) as unknown as Json }),
};

export const attackNeedsPlan: Invariant<null> = {
  id: 'attack-needs-plan',
  title: 'No attack on a plan never heard',
  description: 'The general who did not make the plan attacks only if the plan reached it.',
  init: () => null,
  check(_, o) {
    const g = generalOf(o);
    if (!g || g.initiator || g.decision !== 'attack' || g.heard >= 1) return null;
    return {
      invariant: 'attack-needs-plan',
      message: `${o.node} attacks although no plan reached it`,
      time: o.time,
      events: [o.cause],
    };
  },
};
