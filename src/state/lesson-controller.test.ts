/**
 * The lesson player against a learner who leaves while a lesson is still opening: whatever
 * the lesson's code or run finishes loading afterwards must not take over the page they went
 * to (a lab left in lesson mode with nothing allowed, "Pause: not part of this step").
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Lesson } from '../lessons/types';

let releaseLesson: (l: Lesson) => void = () => {};
vi.mock('../lessons/catalogue', () => ({
  loadLesson: () =>
    new Promise<Lesson>((resolve) => {
      releaseLesson = resolve;
    }),
}));
let releaseRun: () => void = () => {};
const openLessonRun = vi.fn(
  () =>
    new Promise<void>((resolve) => {
      releaseRun = resolve;
    }),
);
vi.mock('./lesson-run', () => ({ openLessonRun }));
const advance = vi.fn(async () => {});
vi.mock('./lab-controller', () => ({
  act: vi.fn(),
  advance,
  currentSimulation: vi.fn(() => null),
  pause: vi.fn(),
  play: vi.fn(),
  recordedActions: vi.fn(() => []),
  replayMoment: vi.fn(),
  restartFrom: vi.fn(),
}));

const { closeLesson, openLesson } = await import('./lesson-controller');
const { useLab } = await import('./lab-store');
const { useLesson } = await import('./lesson-store');

/** Only what openLesson reads before it builds the run. */
const LESSON = {
  id: 'any',
  steps: [],
  scenario: { scenarioId: 'x', seed: 1 },
} as unknown as Lesson;

afterEach(() => closeLesson());

describe('leaving a lesson while it opens', () => {
  it('drops the lesson whose code arrives after the learner left', async () => {
    const opening = openLesson('any');
    closeLesson();
    useLab.setState({ mode: 'lab' });
    releaseLesson({
      id: 'any',
      steps: [],
      scenario: { scenarioId: 'x', seed: 1 },
    } as unknown as Lesson);
    await opening;
    expect(openLessonRun).not.toHaveBeenCalled();
    expect(useLab.getState().mode).toBe('lab');
    expect(useLesson.getState().lesson).toBeNull();
  });

  it('drops the lesson whose run is built after the learner left', async () => {
    openLessonRun.mockClear();
    const opening = openLesson('any');
    releaseLesson(LESSON);
    await vi.waitFor(() => expect(openLessonRun).toHaveBeenCalledOnce());
    closeLesson();
    useLab.setState({ mode: 'lab', status: 'ready' });
    releaseRun();
    await opening;
    expect(advance).not.toHaveBeenCalled();
    expect(useLab.getState().mode).toBe('lab');
    expect(useLesson.getState().status).toBe('idle');
  });
});
