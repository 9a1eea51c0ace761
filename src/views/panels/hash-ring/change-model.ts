/**
 * The last change of membership or placement in words and rows: what moved (against the
 * ideal K/N of Karger et al. 1997), where a removed server's keys went, and the load spread
 * (max/mean) before and after. Pure, over the published `RingChange`.
 */
import type { NodeId } from '../../../engine/protocol';
import { isPlacementScheme, SCHEME_LABELS } from '../../../engine/protocols/hash-ring/placement';
import type { RingChange } from '../../../engine/protocols/hash-ring/summary';
import { count, percent } from './ring-model';

/** A scheme's name in words, as the engine's selector says it ("ring with virtual nodes"). */
export function schemeLabel(scheme: string): string {
  return isPlacementScheme(scheme) ? SCHEME_LABELS[scheme] : scheme;
}

/** Whether a scheme places keys on a ring (the others have no arcs to draw). */
export function hasRing(scheme: string): boolean {
  return scheme === 'ring' || scheme === 'ring-vnodes';
}

/** What happened, in a few words: "n5 joined", "Placement became mod N". */
export function changeTitle(c: RingChange, vnodes: number, scheme: string): string {
  const who = c.server ?? 'a server';
  switch (c.kind) {
    case 'join':
      return `${who} joined`;
    case 'leave':
      return `${who} left`;
    case 'crash':
      return `${who} crashed`;
    case 'vnodes':
      return `Virtual nodes per server became ${vnodes}`;
    case 'scheme':
      return `Placement became ${schemeLabel(scheme)}`;
    default: {
      const never: never = c.kind;
      return String(never);
    }
  }
}

/** "2,513 of 10,000 keys moved (25.1 %); ideal for one server joining or leaving: 25.0 %". */
export function movedSentence(c: RingChange): string {
  const m = c.movement;
  const ideal =
    c.kind === 'join' || c.kind === 'leave' || c.kind === 'crash'
      ? `; the ideal, K/N, is ${percent(m.ideal)}`
      : '';
  return `${count(m.moved)} of ${count(m.keys)} keys moved (${percent(m.fraction)})${ideal}.`;
}

/** How far the movement is from the ideal, as a ratio ("2.1 × the ideal"); null without one. */
export function overIdeal(c: RingChange): number | null {
  return c.movement.ideal > 0 ? c.movement.fraction / c.movement.ideal : null;
}

/** One flow of moved keys: from one server to another, and how many. */
export interface FlowRow {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly keys: number;
}

/** The flows, largest first (ties by name, so the order holds between frames). */
export function flowRows(c: RingChange): readonly FlowRow[] {
  const rows: FlowRow[] = [];
  for (const [from, tos] of Object.entries(c.movement.flows)) {
    for (const [to, keys] of Object.entries(tos)) {
      if (keys > 0) rows.push({ from, to, keys });
    }
  }
  return rows.sort(
    (a, b) => b.keys - a.keys || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
}

/**
 * Where a departed server's keys went, in words: "n2's 2,480 keys went to 9 servers; the most,
 * 402, to n7" (with one vnode they all go to one neighbour; with many they spread).
 */
export function departedSentence(c: RingChange): string | null {
  if ((c.kind !== 'leave' && c.kind !== 'crash') || c.server === null) return null;
  const out = flowRows(c).filter((f) => f.from === c.server);
  const total = out.reduce((s, f) => s + f.keys, 0);
  const top = out[0];
  if (!top) return `${c.server} owned no keys.`;
  if (out.length === 1) return `All ${count(total)} of ${c.server}’s keys went to ${top.to}.`;
  return `${c.server}’s ${count(total)} keys went to ${out.length} servers; the most, ${count(top.keys)}, to ${top.to}.`;
}

/** max/mean in words: "1.08 (max 1,081, mean 1,000 keys)". */
export function spreadWords(s: { max: number; mean: number; maxOverMean: number }): string {
  return `${s.maxOverMean.toFixed(2)} (max ${count(s.max)}, mean ${count(s.mean)} keys)`;
}
