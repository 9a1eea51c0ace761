/**
 * What following a ledger cause does: selects and inspects the message or node it names (a
 * lost reply is found in the trace and shown in the inspector, lost where it was dropped), and
 * says what it found, with the moment to go to on the timeline.
 */
import { inspect, traceFrom } from '../../../state/lab-controller';
import { select } from '../../../state/commands';
import { useLab } from '../../../state/lab-store';
import { findCallMessage, tracedMessage, tracedWords } from './cause-trace';
import { ms, type CauseTarget } from './ledger-view';

/** What the ledger says after a cause was followed, and the moment it names (null: none). */
export interface CauseFocus {
  readonly words: string;
  readonly at: number | null;
}

/** Select and inspect what `target` names; returns what to say about it. */
export function followCause(target: CauseTarget): CauseFocus {
  if (target.kind === 'node') {
    select({ kind: 'node', id: target.node });
    inspect({ kind: 'node', id: target.node });
    return {
      words:
        target.at === null
          ? `Selected ${target.node}: the inspector shows its dedup table and ledger.`
          : `Selected ${target.node}, which crashed at ${ms(target.at)}.`,
      at: target.at,
    };
  }
  const found = findCallMessage(traceFrom(0), target.call, target.type);
  if (!found) {
    const what =
      target.type === 'Reply' ? `The reply to ${target.call}` : `The request ${target.call}`;
    return { words: `${what} is no longer in the trace kept in memory.`, at: null };
  }
  const live = useLab.getState().frame?.inFlight.find((m) => m.id === found.send.msg);
  select({ kind: 'message', id: found.send.msg });
  inspect({ kind: 'message', message: live ?? tracedMessage(found) });
  const words = tracedWords(found, target.type, target.call);
  return { words: `Selected ${words}`, at: found.send.t };
}
