/**
 * The held messages as a list (hold mode): from, to, kind and how long each has waited,
 * with Deliver, Drop and Duplicate per message, so the learner can act on any of them in
 * any order — however many wait on one spot of the stage. The buttons are the registry's
 * message actions, with the same rules as the message menu.
 */
import { memo } from 'react';
import {
  BUILTIN_ACTIONS,
  whyUnavailable,
  type ActionDefinition,
  type ActionTarget,
} from '../../engine/actions';
import type { FrameMessage } from '../../engine/sim/frame';
import { useLab } from '../../state/lab-store';
import { ActionButton } from '../actions/ActionButton';
import { useActionContext } from '../actions/use-actions';
import { ErrorBoundary } from '../common/ErrorBoundary';
import './held.css';

/** Rows drawn at most: past this, the list says how many more wait (a storm can hold thousands). */
export const MAX_HELD_ROWS = 100;

/** The row's actions, with the word each button shows (the registry's title is longer). */
const ROW_ACTIONS: ReadonlyArray<{ readonly def: ActionDefinition; readonly word: string }> = [
  { def: BUILTIN_ACTIONS['deliver-message'], word: 'Deliver' },
  { def: BUILTIN_ACTIONS['drop-message'], word: 'Drop' },
  { def: BUILTIN_ACTIONS['duplicate-message'], word: 'Duplicate' },
];

/** Held messages in the order they arrived (the order hold mode's end would deliver them). */
export function heldInOrder(inFlight: readonly FrameMessage[]): FrameMessage[] {
  return inFlight
    .filter((m) => m.heldSince !== null)
    .sort((a, b) => (a.heldSince ?? 0) - (b.heldSince ?? 0) || a.id - b.id);
}

/** The panel, shown while hold mode is on (in its own error boundary). */
export function HeldMessages() {
  const holding = useLab((s) => s.frame?.holdMessages ?? false);
  if (!holding) return null;
  return (
    <ErrorBoundary name="held messages">
      <HeldList />
    </ErrorBoundary>
  );
}

const HeldList = memo(function HeldList() {
  const frame = useLab((s) => s.frame);
  const ctx = useActionContext();
  if (!frame) return null;
  const held = heldInOrder(frame.inFlight);
  const shown = held.slice(0, MAX_HELD_ROWS);
  return (
    <section className="panel held-messages" aria-labelledby="held-title">
      <h2 id="held-title">Held messages</h2>
      <p className="held-summary">
        {held.length === 0
          ? 'None yet: messages wait here when they reach their destination.'
          : `${held.length} waiting. Deliver, drop or duplicate them in any order.`}
      </p>
      {shown.length > 0 && (
        // A long queue scrolls inside the panel, so the diagrams below stay in reach.
        <div className="held-scroll">
          <table className="held-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Kind</th>
                <th scope="col">Age</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((m) => {
                const target: ActionTarget = { kind: 'message', message: m };
                return (
                  <tr key={m.id} data-testid={`held-${m.id}`}>
                    <th scope="row">{m.id}</th>
                    <td>{m.from}</td>
                    <td>{m.to}</td>
                    <td className="held-kind">{m.kind}</td>
                    <td>{`${Math.max(0, frame.time - (m.heldSince ?? frame.time)).toFixed(0)} ms`}</td>
                    <td>
                      <div className="held-actions">
                        {ROW_ACTIONS.map(({ def, word }) => (
                          <ActionButton
                            key={def.id}
                            def={def}
                            target={target}
                            reason={whyUnavailable(def, target, ctx)}
                          >
                            {word}
                            {/* Which message, for a screen reader walking the buttons alone. */}
                            <span className="visually-hidden">{` message ${m.id}`}</span>
                          </ActionButton>
                        ))}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {held.length > shown.length && (
        <p className="held-summary">
          {`and ${held.length - shown.length} more (the oldest are listed first).`}
        </p>
      )}
    </section>
  );
});
