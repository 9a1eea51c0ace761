/**
 * Goal vocabulary for the Paxos lessons, over single-decree Paxos's facts (prepare-sent,
 * promised, accept-sent, accepted, refused, preempted, learned, deferred, leader-mode) and
 * its view model (`accepted` reads "A in 1.n1", `leaderMode`). "Chosen" is read off the
 * acceptors, as the Agreement checker reads it (Lamport, "Paxos Made Simple", 2001, §2.1–2.3):
 * a value is chosen once a phase-2 quorum has accepted it in one ballot, whoever knows it.
 */
import type { NodeId } from '../engine/protocol';
import type { FrameNode } from '../engine/sim/frame';
import { factsOf, str, viewField, type FactAt } from './goals';
import type { GoalContext } from './types';

export const paxosNodes = (ctx: GoalContext, when: 'now' | 'start' = 'now'): FrameNode[] =>
  (when === 'now' ? ctx.frame : ctx.start.frame).nodes.filter((n) => n.protocol === 'paxos');

/** A majority of the Paxos nodes (every one is an acceptor): the lessons' quorum size. */
export const majority = (ctx: GoalContext): number => Math.floor(paxosNodes(ctx).length / 2) + 1;

/** One acceptance: who accepted which value in which ballot ("1.n1"), and when (ms). */
export interface Acceptance {
  readonly node: NodeId;
  readonly ballot: string;
  readonly value: string;
  readonly t: number;
}

/** "A in 1.n1" → ballot and value; null for "—". */
function standing(n: FrameNode): { ballot: string; value: string } | null {
  const text = viewField(n, 'accepted');
  if (typeof text !== 'string') return null;
  const m = /^(.*) in (\S+)$/.exec(text);
  return m?.[1] && m[2] ? { value: m[1], ballot: m[2] } : null;
}

/**
 * Every acceptance the step can see: each acceptor's standing acceptance when the step began
 * (at the step's start time), then each one since, oldest first.
 */
export function acceptances(ctx: GoalContext): Acceptance[] {
  const out: Acceptance[] = [];
  for (const n of paxosNodes(ctx, 'start')) {
    const s = standing(n);
    if (s) out.push({ node: n.id, ...s, t: ctx.start.time });
  }
  for (const f of factsOf(ctx.trace, 'accepted'))
    out.push({ node: f.node, ballot: str(f, 'ballot'), value: str(f, 'value'), t: f.t });
  return out;
}

/** The acceptors that have accepted `value` (in any ballot), as far as the step can see. */
export function acceptorsOf(ctx: GoalContext, value: string): NodeId[] {
  return [
    ...new Set(
      acceptances(ctx)
        .filter((a) => a.value === value)
        .map((a) => a.node),
    ),
  ];
}

/** A (ballot, value) a quorum accepted: the moment the last of the quorum accepted it. */
export interface ChosenAt {
  readonly ballot: string;
  readonly value: string;
  readonly t: number;
  /** The quorum, in the order they accepted. */
  readonly by: readonly NodeId[];
}

/** Every (ballot, value) a majority accepted, in the order each became chosen. */
export function chosen(ctx: GoalContext): ChosenAt[] {
  const q = majority(ctx);
  const by = new Map<string, NodeId[]>();
  const out: ChosenAt[] = [];
  for (const a of acceptances(ctx)) {
    const key = `${a.ballot}|${a.value}`;
    const list = by.get(key) ?? [];
    if (list.includes(a.node)) continue;
    list.push(a.node);
    by.set(key, list);
    if (list.length === q) out.push({ ballot: a.ballot, value: a.value, t: a.t, by: [...list] });
  }
  return out;
}

/** The distinct values chosen so far (two means Agreement is broken). */
export const chosenValues = (ctx: GoalContext): string[] => [
  ...new Set(chosen(ctx).map((c) => c.value)),
];

/** Ballots started since the step began (each Prepare round a proposer opened). */
export const ballotsStarted = (ctx: GoalContext): FactAt[] => factsOf(ctx.trace, 'prepare-sent');

/** Ballots given up on a refusal since the step began: a proposer pre-empted by a higher one. */
export const preemptions = (ctx: GoalContext): FactAt[] => factsOf(ctx.trace, 'preempted');

/** Phase 2a sent by `node` since the step began (with the value it proposed, and whether adopted). */
export const acceptsSent = (ctx: GoalContext, node?: NodeId): FactAt[] =>
  factsOf(ctx.trace, 'accept-sent', node);

/** Nodes that learned a value since the step began (optionally only `value`). */
export const learned = (ctx: GoalContext, value?: string): FactAt[] =>
  factsOf(ctx.trace, 'learned').filter((f) => value === undefined || str(f, 'value') === value);

/** The Agreement checker flagged two values chosen since the step began. */
export function agreementBroken(ctx: GoalContext): boolean {
  const check = ctx.frame.checks.find((c) => c.id === 'paxos-agreement');
  return check?.violation != null && check.violation.time >= ctx.start.time;
}

/** The proposers with leader mode on now (a distinguished proposer is elected among them). */
export const followingALeader = (ctx: GoalContext): NodeId[] =>
  paxosNodes(ctx)
    .filter((n) => viewField(n, 'leaderMode') === true)
    .map((n) => n.id);
