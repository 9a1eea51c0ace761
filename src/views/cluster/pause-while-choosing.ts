/**
 * A moving message is a moving target: opening its actions pauses the run until the menu
 * closes, and then the run goes on — but only if it was playing, and only if nobody else
 * took the wheel meanwhile (the learner pressed Play or Pause, a lesson paused at a step's
 * end or changed what is allowed). Modal dialogs, which cover the stage, follow the same rule.
 */
import { useEffect } from 'react';
import { pause, play } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';

/** Pause now if the run is playing; true when it was (so closing the menu resumes it). */
export function pauseToChoose(): boolean {
  const wasPlaying = useLab.getState().playing;
  if (wasPlaying) pause();
  return wasPlaying;
}

/**
 * Keep the run paused from now on; the returned function lets it play again, unless the
 * learner or a lesson changed the run's state (Play, Pause, what is allowed) meanwhile.
 */
function holdPaused(): () => void {
  pause();
  let stillOurs = true;
  const unsubscribe = useLab.subscribe((state, previous) => {
    if (state.playing !== previous.playing || state.allow !== previous.allow) stillOurs = false;
  });
  return () => {
    unsubscribe();
    if (stillOurs) play();
  };
}

/**
 * While `open` is true (and `resume` says the run was playing when the menu opened), keep
 * the run paused; when it turns false or the component unmounts, play again unless the
 * learner or a lesson changed the run's state meanwhile. Safe under StrictMode's double
 * effects: setting up pauses again.
 */
export function useResumeOnClose(open: boolean, resume: boolean): void {
  const active = open && resume;
  useEffect(() => (active ? holdPaused() : undefined), [active]);
}

/**
 * The same rule for anything that covers the stage while it is mounted (a modal dialog: the
 * command palette, the shortcuts, "Start the lesson over?"): the run pauses while it is
 * open, and plays again when it closes if it was playing and nobody took the wheel.
 */
export function usePauseWhileOpen(): void {
  useEffect(() => (useLab.getState().playing ? holdPaused() : undefined), []);
}
