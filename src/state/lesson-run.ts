/** Opening the lab on a lesson's run: its scenario, with the settings in force at a step. */
import { scenarioEntry } from '../engine/scenarios';
import { runSettingsAt } from '../lessons/runner';
import type { Lesson } from '../lessons/types';
import { NOTHING } from './capabilities';
import { openLab, setSpeed } from './lab-controller';
import { useLab } from './lab-store';

/**
 * Open the lab on the lesson's scenario with the settings in use at step `index` (a step or
 * the sandbox that began a new run may lay its own over the lesson's), replaying `run` (an
 * encoded action list, or null for a run from its first moment). Leaves the lab in lesson
 * mode with nothing allowed; the caller checks `useLab.getState().status` for a failure.
 */
export async function openLessonRun(l: Lesson, index: number, run: string | null): Promise<void> {
  const sc = l.scenario;
  await openLab({
    scenarioId: sc.scenarioId,
    seed: sc.seed,
    nodes: sc.nodes ?? null,
    run,
    // What the lab does by default to look alive (a workload) is the lesson's to choose.
    settings: { ...scenarioEntry(sc.scenarioId)?.lessonSettings, ...runSettingsAt(l, index) },
  });
  if (useLab.getState().status !== 'ready') return;
  useLab.setState({ mode: 'lesson', allow: NOTHING });
  setSpeed(sc.speed ?? useLab.getState().speed);
}
