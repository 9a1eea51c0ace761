/**
 * A ledger cause's message, found in the trace: the send of the request or reply of one call
 * id (`<request>#<attempt>`, the payload's `call`; engine/protocols/rpc/messages.ts), what
 * became of it (delivered, or lost and why), and the message as the inspector shows it. Pure
 * over trace entries, so it is tested without a lab.
 */
import type { FrameMessage } from '../../../engine/sim/frame';
import type { DropReason, TraceEntry } from '../../../engine/sim/trace';
import { ms } from './ledger-view';

type SendEntry = Extract<TraceEntry, { k: 'send' }>;

/** A call's message as the trace holds it: its send, and its drop or delivery if any. */
export interface TracedMessage {
  readonly send: SendEntry;
  readonly drop: Extract<TraceEntry, { k: 'drop' }> | null;
  readonly deliver: Extract<TraceEntry, { k: 'deliver' }> | null;
}

const payloadField = (e: SendEntry, field: string): unknown =>
  typeof e.payload === 'object' && e.payload !== null && !Array.isArray(e.payload)
    ? e.payload[field]
    : undefined;

/**
 * The first send of call `call`'s `type` message ('Call' or 'Reply') in `entries` (oldest
 * first), with its drop or delivery; null when the trace no longer holds it.
 */
export function findCallMessage(
  entries: readonly TraceEntry[],
  call: string,
  type: 'Call' | 'Reply',
): TracedMessage | null {
  const send = entries.find(
    (e): e is SendEntry =>
      e.k === 'send' && payloadField(e, 'type') === type && payloadField(e, 'call') === call,
  );
  if (!send) return null;
  let drop: TracedMessage['drop'] = null;
  let deliver: TracedMessage['deliver'] = null;
  for (const e of entries) {
    if (e.i <= send.i) continue;
    if (e.k === 'drop' && e.msg === send.msg && drop === null) drop = e;
    if (e.k === 'deliver' && e.msg === send.msg && deliver === null) deliver = e;
  }
  return { send, drop, deliver };
}

const DROP_WORDS: Record<DropReason, string> = {
  intervention: 'dropped by hand',
  loss: 'lost by the network',
  partition: 'cut off by a partition',
  crashed: 'its receiver was down',
  faulted: 'its receiver had faulted',
};

/**
 * The message in a sentence: "the reply to c1-1#1 (message 23, server → c1): sent at 412 ms;
 * lost at 450 ms, dropped by hand".
 */
export function tracedWords(m: TracedMessage, type: 'Call' | 'Reply', call: string): string {
  const what = type === 'Reply' ? `the reply to ${call}` : `the request ${call}`;
  const fate = m.drop
    ? `lost at ${ms(m.drop.t)}, ${DROP_WORDS[m.drop.reason]}`
    : m.deliver
      ? `delivered at ${ms(m.deliver.t)}`
      : 'still on its way';
  return `${what} (message ${m.send.msg}, ${m.send.node} → ${m.send.to}): sent at ${ms(m.send.t)}; ${fate}.`;
}

/** The message as the inspector shows it, from its send (lost where it was dropped). */
export function tracedMessage(m: TracedMessage): FrameMessage {
  return {
    id: m.send.msg,
    from: m.send.node,
    to: m.send.to,
    kind: m.send.kind,
    sentAt: m.send.t,
    departAt: m.send.t,
    deliverAt: m.send.deliverAt,
    heldSince: null,
    lostAt: m.drop?.t ?? null,
    payload: m.send.payload,
    duplicateOf: m.send.duplicateOf ?? null,
  };
}
