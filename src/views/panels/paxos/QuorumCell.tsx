/**
 * An acceptor's part in choosing the value, in words: "promised in phase 1", "accepted in
 * phase 2", and "in both" for the acceptors the two quorums share (why the old value
 * survives: any later phase-1 quorum meets this phase-2 quorum).
 */
import type { QuorumMarks } from './chosen-view';

export function QuorumCell({ marks }: { marks: QuorumMarks }) {
  return (
    <td className="quorum-cell">
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
      {!marks.phase1 && !marks.phase2 && <span className="muted">—</span>}
    </td>
  );
}
