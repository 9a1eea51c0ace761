/**
 * A store selection that follows the store at most every `everyMs` of wall time while the run
 * plays, and at once while it is paused (a step, a seek, `advance`). At a high publish rate
 * the queue's numbers change every frame; nobody reads a figure that changes sixty times a
 * second, and each change costs the page a React commit and a layout (measured on the queue
 * lab at 200 msg/s by bench/queue.bench.ts). Wall time here paces drawing only; the run's
 * time stays the engine's.
 */
import { useEffect, useRef, useState } from 'react';
import { useLab, type LabState } from '../../../state/lab-store';

/** How often the queue's panels redraw while the run plays (ms of wall time). */
export const PLAYING_REDRAW_MS = 125;

/**
 * `select(state)`, refreshed when the store's frame changes: at once while paused, else at
 * most once per `everyMs`. `select` must not depend on anything but the state (it is read
 * through a ref, so a new function each render is fine).
 */
export function useThrottledLab<T>(select: (s: LabState) => T, everyMs = PLAYING_REDRAW_MS): T {
  const selectRef = useRef(select);
  const [value, setValue] = useState(() => select(useLab.getState()));
  useEffect(() => {
    selectRef.current = select;
  });
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const take = () => {
      timer = null;
      last = performance.now();
      setValue(() => selectRef.current(useLab.getState()));
    };
    // The state may have moved on between the first render and this subscription.
    take();
    const unsubscribe = useLab.subscribe((s, previous) => {
      if (
        s.frame === previous.frame &&
        s.timeline === previous.timeline &&
        s.playing === previous.playing
      )
        return;
      if (!s.playing) {
        if (timer !== null) clearTimeout(timer);
        take();
        return;
      }
      if (timer !== null) return;
      timer = setTimeout(take, Math.max(0, everyMs - (performance.now() - last)));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [everyMs]);
  return value;
}
