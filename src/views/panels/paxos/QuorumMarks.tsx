/**
 * An acceptor's part in choosing the value, in words under its name in the acceptor table:
 * "promised in phase 1", "accepted in phase 2", and "in both" for the acceptors the two
 * quorums share (why the old value survives: any later phase-1 quorum meets this phase-2
 * quorum). Under the name rather than in a column of its own, so a 390 px phone shows it.
 */
import type { QuorumMarks as Marks } from './chosen-view';

export function QuorumMarks({ marks }: { marks: Marks }) {
  if (!marks.phase1 && !marks.phase2) return null;
  return (
    <span className="quorum-marks">
      {marks.phase1 && (
        <span className="quorum-mark quorum-mark-phase1" data-testid="quorum-phase1">
          promised in phase 1
        </span>
      )}
      {marks.phase2 && (
        <span className="quorum-mark quorum-mark-phase2" data-testid="quorum-phase2">
          accepted in phase 2
        </span>
      )}
      {marks.shared && (
        <span className="quorum-mark quorum-mark-shared" data-testid="quorum-shared">
          in both
        </span>
      )}
    </span>
  );
}
