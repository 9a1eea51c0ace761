/**
 * The lesson's side of the page: the steps, the current step's prose, its prediction (which
 * holds the run until answered), its goals ticking themselves off, hints, feedback on
 * near misses, the reveal, and then the sandbox with its challenges.
 */
import { useState } from 'react';
import { LESSONS } from '../../lessons/catalogue';
import type { Step } from '../../lessons/types';
import {
  dismissLessonNotice,
  answer,
  nextStep,
  replayKeyMoment,
  restartLesson,
  restartStep,
  runPreset,
  showHint,
  skipToSandbox,
} from '../../state/lesson-controller';
import { useLesson } from '../../state/lesson-store';
import { Notice } from '../common/Notice';
import { Modal } from '../actions/Modal';

export function LessonGuide() {
  const lesson = useLesson((s) => s.lesson);
  const index = useLesson((s) => s.stepIndex);
  const completed = useLesson((s) => s.completed);
  const status = useLesson((s) => s.status);
  const notice = useLesson((s) => s.notice);
  const [confirmingRestart, setConfirmingRestart] = useState(false);
  if (!lesson) return <aside className="panel lesson-guide">Loading the lesson…</aside>;
  const step = lesson.steps[index];
  return (
    <aside className="panel lesson-guide" aria-labelledby="lesson-title" data-testid="lesson">
      <p className="lesson-meta">
        Lesson {lesson.number} · about {lesson.minutes} min
      </p>
      <h2 id="lesson-title">{lesson.title}</h2>
      {notice && <Notice text={notice} onDismiss={dismissLessonNotice} />}
      <ol className="lesson-steps" aria-label="Steps">
        {lesson.steps.map((s, i) => (
          <li
            key={s.id}
            aria-current={i === index ? 'step' : undefined}
            className={
              completed.includes(s.id) ? 'step-done' : i === index ? 'step-current' : 'step-todo'
            }
          >
            {completed.includes(s.id) ? '✓ ' : ''}
            {s.title}
          </li>
        ))}
        <li
          aria-current={index >= lesson.steps.length ? 'step' : undefined}
          className={index >= lesson.steps.length ? 'step-current' : 'step-todo'}
        >
          Sandbox
        </li>
      </ol>
      {status === 'restoring' && (
        <p role="status" className="muted">
          Rebuilding your run up to where you left it…
        </p>
      )}
      {status === 'ready' && step && (
        <StepCard step={step} index={index} total={lesson.steps.length} />
      )}
      {status === 'ready' && !step && <SandboxCard />}
      <div className="lesson-actions">
        {step && (
          <button type="button" className="link-button" onClick={() => void skipToSandbox()}>
            Skip to the sandbox
          </button>
        )}
        <button type="button" className="link-button" onClick={() => setConfirmingRestart(true)}>
          Start the lesson over
        </button>
      </div>
      {confirmingRestart && (
        <ConfirmRestart
          done={completed.length}
          onCancel={() => setConfirmingRestart(false)}
          onConfirm={() => {
            setConfirmingRestart(false);
            void restartLesson();
          }}
        />
      )}
    </aside>
  );
}

/** Starting over forgets the lesson's progress: the learner says so first (one click is easy to slip). */
function ConfirmRestart({
  done,
  onCancel,
  onConfirm,
}: {
  done: number;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Modal title="Start the lesson over?" onClose={onCancel}>
      {() => (
        <>
          <p>
            {done > 0
              ? `This forgets the ${done === 1 ? 'step' : `${done} steps`} you have done here, your predictions and the run so far.`
              : 'This forgets your predictions and the run so far.'}{' '}
            The lesson begins again at its first step.
          </p>
          <div className="lesson-actions">
            <button type="button" onClick={onCancel} autoFocus>
              Keep my progress
            </button>
            <button type="button" className="primary" onClick={onConfirm}>
              Start over
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

function StepCard({ step, index, total }: { step: Step; index: number; total: number }) {
  const status = useLesson((s) => s.step);
  const chosen = useLesson((s) => s.answers[step.id]);
  const hintsShown = useLesson((s) => s.hintsShown);
  const replaying = useLesson((s) => s.replaying);
  const waiting = step.predict !== undefined && chosen === undefined;
  const done = status?.done === true;
  const misses = (step.nearMisses ?? []).filter((m) => status?.nearMisses.includes(m.id));
  return (
    <section className="lesson-step" aria-labelledby="step-title" data-testid="lesson-step">
      <h3 id="step-title" tabIndex={-1}>
        Step {index + 1} of {total}: {step.title}
      </h3>
      <p>{step.prose}</p>
      {waiting && step.predict ? (
        <PredictionForm step={step} />
      ) : (
        <>
          {step.predict && chosen !== undefined && !done && (
            <p className="prediction-locked">
              Your prediction:{' '}
              <strong>{step.predict.options.find((o) => o.id === chosen)?.text}</strong>. Now find
              out.
            </p>
          )}
          <p className="task">
            <strong>Your move:</strong> {step.task}
          </p>
          {step.presets && !done && (
            <div className="lesson-actions">
              {step.presets.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  title={p.description}
                  onClick={() => void runPreset(p.id)}
                >
                  {p.label}
                </button>
              ))}
            </div>
          )}
          <ul className="goals" aria-label="Goals">
            {step.goals.map((g, i) => {
              const ticked = status?.goals[i] === true;
              const progress = status?.progress[i];
              return (
                <li
                  key={g.description}
                  data-testid={`goal-${i}`}
                  data-done={ticked ? 'true' : 'false'}
                  className={ticked ? 'goal-done' : 'goal-open'}
                >
                  <span aria-hidden="true">{ticked ? '☑' : '☐'}</span> {g.description}
                  <span className="visually-hidden">{ticked ? ' (done)' : ' (not yet)'}</span>
                  {progress && !ticked && (
                    <progress
                      value={progress.value}
                      max={progress.target}
                      aria-label={`${g.description}: ${progress.value} of ${progress.target}${progress.label ? ` ${progress.label}` : ''}`}
                    />
                  )}
                </li>
              );
            })}
          </ul>
          {misses.map((m) => (
            <p key={m.id} className="near-miss" role="status">
              {m.feedback}
            </p>
          ))}
          {!done && <Hints step={step} shown={hintsShown} />}
          {done && <Reveal step={step} chosen={chosen} />}
          <div className="lesson-actions">
            {done && (
              <button type="button" onClick={() => void replayKeyMoment()} disabled={replaying}>
                {replaying ? 'Replaying…' : 'Replay the key moment'}
              </button>
            )}
            {done && (
              <button
                type="button"
                className="primary"
                onClick={() => void nextStep().then(focusGuideHeading)}
                disabled={replaying}
              >
                {index + 1 < total ? 'Next step' : 'Open the sandbox'}
              </button>
            )}
            <button type="button" onClick={() => void restartStep()} disabled={replaying}>
              Restart this step
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function PredictionForm({ step }: { step: Step }) {
  const [choice, setChoice] = useState<string | null>(null);
  const p = step.predict;
  if (!p) return null;
  return (
    <form
      className="prediction"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) {
          answer(choice);
          focusGuideHeading();
        }
      }}
    >
      <fieldset>
        <legend>Predict first: {p.question}</legend>
        <p className="muted">The run waits for your answer.</p>
        {p.options.map((o) => (
          <label key={o.id} className="settings-check">
            <input
              type="radio"
              name={`predict-${step.id}`}
              value={o.id}
              checked={choice === o.id}
              onChange={() => setChoice(o.id)}
            />
            <span>{o.text}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={choice === null}>
        Lock in my prediction
      </button>
    </form>
  );
}

function Hints({ step, shown }: { step: Step; shown: number }) {
  if (step.hints.length === 0) return null;
  return (
    <div className="hints">
      {shown > 0 && (
        <ol aria-label="Hints">
          {step.hints.slice(0, shown).map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ol>
      )}
      {shown < step.hints.length && (
        <button type="button" className="link-button" onClick={showHint}>
          {shown === 0 ? 'Show a hint' : 'Show another hint'} ({shown + 1} of {step.hints.length})
        </button>
      )}
    </div>
  );
}

function Reveal({ step, chosen }: { step: Step; chosen: string | undefined }) {
  const p = step.predict;
  const option = p?.options.find((o) => o.id === chosen);
  const told = useLesson((s) => s.told);
  // A wrong prediction names the belief behind that answer (conceptual change starts there).
  const belief = useLesson((s) =>
    p && chosen !== p.answer && option?.misconception
      ? s.lesson?.misconceptions.find((m) => m.id === option.misconception)?.text
      : undefined,
  );
  return (
    <div className="reveal" role="status" aria-label="What happened">
      <p className="reveal-title">
        <strong>Done.</strong>
      </p>
      {p && option && (
        <p>
          {chosen === p.answer ? 'Your prediction was right. ' : 'Not what you predicted. '}
          {chosen === p.answer ? withoutRight(told?.feedback.join(' ')) : told?.feedback.join(' ')}
        </p>
      )}
      {belief && (
        <p className="misconception">
          A common belief, and a natural one: “{belief}” This run shows why it does not hold.
        </p>
      )}
      <p>{told?.reveal.join(' ')}</p>
      {step.seeAlso && (
        <p>
          See also: <a href={step.seeAlso.href}>{step.seeAlso.text}</a>
        </p>
      )}
    </div>
  );
}

function SandboxCard() {
  const lesson = useLesson((s) => s.lesson);
  const met = useLesson((s) => s.challenges);
  const skipped = useLesson((s) => s.skipped);
  if (!lesson) return null;
  const next = LESSONS[LESSONS.findIndex((l) => l.id === lesson.id) + 1];
  return (
    <section className="lesson-step" aria-labelledby="sandbox-title" data-testid="lesson-sandbox">
      <h3 id="sandbox-title" tabIndex={-1}>
        Sandbox
      </h3>
      {skipped && <p className="muted">You skipped ahead: every control is open.</p>}
      <p>{lesson.sandbox.prose}</p>
      <h4>Challenges</h4>
      <ul className="goals" aria-label="Challenges">
        {lesson.sandbox.challenges.map((c) => {
          const done = met.includes(c.id);
          return (
            <li
              key={c.id}
              data-done={done ? 'true' : 'false'}
              className={done ? 'goal-done' : 'goal-open'}
            >
              <span aria-hidden="true">{done ? '☑' : '☐'}</span> {c.text}
              <span className="visually-hidden">{done ? ' (done)' : ' (not yet)'}</span>
            </li>
          );
        })}
      </ul>
      <p>
        {next ? (
          <a href={`#/lessons/${next.id}`}>
            Next lesson: L{next.number}. {next.title}
          </a>
        ) : (
          <a href="#/">Next lesson: choose one on the home page</a>
        )}
      </p>
    </section>
  );
}

/**
 * A right answer's feedback without its own leading "Right:" (lessons write it so; the guide
 * has just said "Your prediction was right", and "right. Right:" reads as a stutter).
 */
function withoutRight(text: string | undefined): string | undefined {
  const rest = text?.replace(/^Right[:.,;—–-]?\s*/, '');
  return rest && rest !== text ? rest.charAt(0).toUpperCase() + rest.slice(1) : text;
}

/**
 * After Next step or Lock in, the button pressed is gone: focus would fall to the page's
 * start, and a keyboard learner would Tab from the top again. Focus the card's heading
 * instead (after React has drawn the new card), where reading and tabbing go on.
 */
function focusGuideHeading(): void {
  requestAnimationFrame(() =>
    (document.getElementById('step-title') ?? document.getElementById('sandbox-title'))?.focus(),
  );
}
