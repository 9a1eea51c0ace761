/**
 * The duel counter under the cluster: how many ballots the proposers started while nothing
 * was chosen. Two proposers pre-empting each other make it climb with no value chosen.
 */
import { memo } from 'react';
import { useLab } from '../../../state/lab-store';
import { ballotCountText, countBallots } from './ballots-started';
import './paxos.css';

export const BallotsStarted = memo(function BallotsStarted() {
  const text = useLab((s) => {
    const c = s.frame ? countBallots(s.frame.nodes) : null;
    return c?.hasProposers ? ballotCountText(c) : null;
  });
  if (text === null) return null;
  return (
    <p className="panel ballots-started" data-testid="ballots-started">
      {text}
    </p>
  );
});
