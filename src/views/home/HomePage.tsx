/** The start page: the lessons with the learner's progress, and the way into each lab scenario. */
import { useEffect, useState } from 'react';
import { scenarios } from '../../engine/scenarios';
import { labHash, lessonHash } from '../../app/router';
import { LESSONS } from '../../lessons/catalogue';
import type { LessonProgress, ProgressRead } from '../../state/lesson-progress';
import { readRawProgress } from '../../state/progress-storage';

function progressText(p: LessonProgress | undefined, steps: number): string {
  if (!p) return 'Not started';
  if (p.step >= steps) return p.skipped ? 'Skipped to the sandbox' : 'Completed — sandbox open';
  return `${p.completed.length} of ${steps} steps done`;
}

/**
 * The learner's saved progress, read after the first paint: its reader (and the schema
 * library that checks it) loads on demand, which keeps the start page's JavaScript small.
 * Null until read.
 */
function useSavedProgress(): ProgressRead | null {
  // The text as the page found it: checked later, but never a later write by another page.
  const [raw] = useState(readRawProgress);
  const [read, setRead] = useState<ProgressRead | null>(null);
  useEffect(() => {
    let live = true;
    void import('../../state/lesson-progress').then((m) => {
      if (live) setRead(m.loadProgress(raw));
    });
    return () => {
      live = false;
    };
  }, [raw]);
  return read;
}

export default function HomePage() {
  const saved = useSavedProgress();
  const all = saved?.all ?? {};
  const problem = saved?.problem ?? null;
  return (
    <main className="page home">
      <header className="home-header">
        <h1>Netsplit</h1>
        <p className="tagline">A distributed-systems lab in your browser.</p>
        <p>
          Every node runs its protocol in its own worker; this page is the network, the clock and
          the stage. Crash a node, cut a link, drop a message, skew a clock — and watch the protocol
          cope, or fail. Runs are deterministic: the same seed and the same actions give the same
          run, every time.
        </p>
      </header>
      {problem && (
        <p className="notice" role="status">
          {problem}
        </p>
      )}
      <section aria-labelledby="lessons-title">
        <h2 id="lessons-title">Lessons</h2>
        <ul className="lesson-list">
          {LESSONS.map((l) => {
            const steps = l.stepCount;
            const p = all[l.id];
            const done = p ? Math.min(p.completed.length, steps) : 0;
            return (
              <li key={l.id} className="scenario-card lesson-card" data-testid={`lesson-${l.id}`}>
                <h3>
                  <a href={lessonHash(l.id)}>
                    L{l.number}. {l.title}
                  </a>
                </h3>
                <p className="scenario-meta">About {l.minutes} minutes</p>
                <ul aria-label="You will">
                  {l.objectives.map((o) => (
                    <li key={o}>{o}</li>
                  ))}
                </ul>
                <progress value={done} max={steps} aria-label={`Progress in ${l.title}`} />
                <p className="scenario-meta">
                  {saved ? progressText(p, steps) : 'Reading your progress…'}
                </p>
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="lab-title">
        <h2 id="lab-title">The lab</h2>
        <ul className="scenario-list">
          {Object.values(scenarios).map((s) => (
            <li key={s.id} className="scenario-card">
              <h3>
                <a href={labHash(s.id, 1)}>{s.title}</a>
              </h3>
              <p>{s.description}</p>
              <p className="scenario-meta">
                {s.minNodes === s.maxNodes
                  ? `${s.minNodes} nodes`
                  : `${s.minNodes}–${s.maxNodes} nodes · default ${s.defaultNodes}`}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
