/**
 * The "chosen" indicator: the moment a value became chosen — a phase-2 quorum accepted it in
 * one ballot, before any learner knew — with the two quorums that chose it and the acceptors
 * they share. A lesson hides it (panel 'chosen') until its prediction is made.
 */
import { memo } from 'react';
import { useLab } from '../../../state/lab-store';
import { chosenOf, chosenSentence, quorumSentences } from './chosen-view';
import './paxos.css';

export const ChosenCard = memo(function ChosenCard() {
  const checks = useLab((s) => s.frame?.checks);
  if (!checks) return null;
  const chosen = chosenOf(checks);
  return (
    <section
      className="panel paxos-chosen"
      aria-labelledby="paxos-chosen-title"
      data-testid="paxos-chosen"
      data-chosen={chosen ? 'true' : 'false'}
    >
      <h2 id="paxos-chosen-title">Chosen value</h2>
      {chosen ? (
        <>
          <p className="paxos-chosen-line">
            <strong>{chosenSentence(chosen)}</strong>
          </p>
          <ul className="paxos-quorums">
            {quorumSentences(chosen).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">
          Nothing chosen yet: no ballot has been accepted by a phase-2 quorum of acceptors.
        </p>
      )}
    </section>
  );
});
