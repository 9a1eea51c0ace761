/**
 * A keydown handler for the stage's node, link and message buttons: Enter opens the target's
 * actions; Space is left to the run's play/pause shortcut (as in RaftScope).
 */
import type { KeyboardEvent } from 'react';

export function openOnEnter(open: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    open();
  };
}
