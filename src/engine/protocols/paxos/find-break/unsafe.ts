/**
 * Why a Paxos lab's settings are unsafe, in words (a small module: the lab loads it with the
 * page, to decide whether to offer a search for a run that breaks them).
 */
import type { SettingValues } from '../../../scenarios/settings';
import { readPaxosOptions } from '../options';
import { PAXOS_BROKEN_VARIANTS } from '../variants';

/**
 * Each reason the single-decree lab's `values` (as the lab holds them, defaults filled in)
 * on `nodes` servers can choose two values, as a clause that completes "These settings are
 * unsafe: …"; empty when they are safe.
 *
 * The quorum rule is Flexible Paxos's (Howard et al., 2016, §3): every phase-1 quorum must
 * meet every phase-2 quorum, that is Q1 + Q2 > N. The sizes are read as the nodes read them
 * (`readPaxosOptions`: 0 means a majority, a size above N means N), so the lab's verdict and
 * the run's behaviour cannot disagree. A broken variant drops a rule of "Paxos Made Simple"
 * (Lamport, 2001, §2.2–2.3) on purpose.
 */
export function unsafeReasons(values: SettingValues, nodes: number): string[] {
  const acceptors = Array.from({ length: Math.max(0, nodes) }, (_, i) => `n${i + 1}`);
  const { q1, q2 } = readPaxosOptions({
    acceptors,
    q1: Number(values.q1 ?? 0),
    q2: Number(values.q2 ?? 0),
  });
  const reasons: string[] = [];
  if (nodes > 0 && q1 + q2 <= nodes)
    reasons.push(
      `a phase-1 quorum of ${q1} and a phase-2 quorum of ${q2} need not share an acceptor among ${nodes} servers (${q1} + ${q2} ≤ ${nodes}), so a later proposer's phase 1 can miss a value already chosen`,
    );
  const broken = PAXOS_BROKEN_VARIANTS.find((b) => b.id === values.broken);
  if (broken) reasons.push(`the broken variant ${broken.id} is on, which breaks ${broken.breaks}`);
  return reasons;
}
