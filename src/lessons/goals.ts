/**
 * The vocabulary lessons write goals in: small functions over what a goal sees (the frame,
 * the trace since the step began, the learner's actions). Facts are protocol events as
 * data (ctx.log's `fact`), so goals never parse the narration's words.
 */
import type { Fact, Json, NodeId } from '../engine/protocol';
import type { SimAction, SimActionType } from '../engine/sim/actions';
import type { FrameNode } from '../engine/sim/frame';
import type { TraceEntry } from '../engine/sim/trace';
import type { Claim, GoalContext } from './types';

/** A fact recorded on the trace, with where and when. */
export interface FactAt {
  readonly fact: Fact;
  readonly node: NodeId;
  readonly t: number;
  readonly i: number;
}

/** Every fact of this kind in the trace (optionally at one node), oldest first. */
export function factsOf(trace: readonly TraceEntry[], kind: string, node?: NodeId): FactAt[] {
  const out: FactAt[] = [];
  for (const e of trace)
    if (e.k === 'log' && e.fact?.kind === kind && (node === undefined || e.node === node))
      out.push({ fact: e.fact, node: e.node, t: e.t, i: e.i });
  return out;
}

/** A field of a fact as a number (NaN when absent). */
export function num(f: FactAt, field: string): number {
  const v: Json | undefined = f.fact[field];
  return typeof v === 'number' ? v : Number.NaN;
}

/** A field of a fact as text ('' when absent). */
export function str(f: FactAt, field: string): string {
  const v: Json | undefined = f.fact[field];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** The learner's actions of one type since the step began. */
export function actionsOf<T extends SimActionType>(
  ctx: GoalContext,
  type: T,
): Extract<SimAction, { type: T }>[] {
  return ctx.actions.filter((a): a is Extract<SimAction, { type: T }> => a.type === type);
}

/** The learner used this protocol action since the step began (optionally at one node). */
export function usedProtocolAction(ctx: GoalContext, id: string, node?: NodeId): boolean {
  return actionsOf(ctx, 'protocol').some(
    (a) => a.action.id === id && (node === undefined || a.node === node),
  );
}

/** Trace entries of one kind (crash, restart, deliver, …) since the step began. */
export function entriesOf<K extends TraceEntry['k']>(
  trace: readonly TraceEntry[],
  k: K,
): (TraceEntry & { k: K })[] {
  return trace.filter((e): e is TraceEntry & { k: K } => e.k === k);
}

export function nodeById(ctx: GoalContext, id: NodeId, when: 'now' | 'start' = 'now') {
  return (when === 'now' ? ctx.frame : ctx.start.frame).nodes.find((n) => n.id === id);
}

export function nodesWithRole(ctx: GoalContext, role: string, when: 'now' | 'start' = 'now') {
  return (when === 'now' ? ctx.frame : ctx.start.frame).nodes.filter((n) => n.role === role);
}

export const isDown = (n: FrameNode | undefined) =>
  n !== undefined && (n.status === 'crashed' || n.status === 'faulted');

/** A view field of a node as a plain value (views are protocol data the lesson knows). */
export function viewField(n: FrameNode | undefined, field: string): unknown {
  const view = n?.view as Record<string, unknown> | null | undefined;
  return view?.[field];
}

/** A variable captured by an earlier step, as text. */
export function varText(ctx: GoalContext, name: string): string {
  const v = ctx.vars[name];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** Progress toward a count, for goals with a gauge. */
export function counted(value: number, target: number, label?: string) {
  return {
    done: value >= target,
    progress: { value: Math.min(value, target), target, ...(label ? { label } : {}) },
  };
}

/** A sentence about this run, shown only when `holds` (what the run did, in its own terms). */
export const saw = (holds: boolean, text: string): Claim => ({ text, holds });

/** A sentence true of every run: the general point the step makes. */
export const why = (text: string): Claim => ({ text });

/** A list in words: "a", "a and b", "a, b and c". */
export function inWords(items: readonly (string | number)[]): string {
  const all = items.map(String);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}
