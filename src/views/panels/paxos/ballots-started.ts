/**
 * The duel counter (issue 14): ballots the proposers started, cluster-wide, and whether any
 * server has learned a chosen value yet. Read from the published Paxos view model only; a
 * proposer's count starts again from 0 when it restarts (the count lives in its memory).
 */
import type { PaxosView } from '../../../engine/protocols/paxos/types';
import type { FrameNode } from '../../../engine/sim/frame';

export interface BallotCount {
  /** Ballots started by the proposers that are up, in total. */
  readonly started: number;
  /** The value some server learned was chosen; null while none has. */
  readonly chosen: string | null;
  /** Whether the lab has any Paxos proposer to count. */
  readonly hasProposers: boolean;
}

const isPaxosView = (v: unknown): v is PaxosView =>
  typeof v === 'object' && v !== null && 'ballotsStarted' in v && 'roles' in v;

/** The count over `nodes` (a frame's nodes; other protocols' nodes are ignored). */
export function countBallots(nodes: readonly FrameNode[]): BallotCount {
  let started = 0;
  let chosen: string | null = null;
  let hasProposers = false;
  for (const n of nodes) {
    if (n.protocol !== 'paxos' || !isPaxosView(n.view)) continue;
    if (n.view.phase !== null) {
      hasProposers = true;
      started += n.view.ballotsStarted;
    }
    chosen ??= n.view.learned;
  }
  return { started, chosen, hasProposers };
}

/** The counter in words: "Ballots started, nothing chosen: 7" or "Ballots started: 3; A chosen". */
export function ballotCountText(c: BallotCount): string {
  return c.chosen === null
    ? `Ballots started, nothing chosen: ${c.started}`
    : `Ballots started: ${c.started}; ${c.chosen} chosen`;
}
