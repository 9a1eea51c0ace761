/**
 * How the stage draws RPC messages: each in the colour of the client whose request it belongs
 * to (a reply wears its caller's colour, not the server's), labelled with its call id, so a
 * learner can tell the reply to attempt 1 from the retry's and drop the right one; the words go
 * with the colour.
 */
import type { MessageLook, MessageLooks } from '../../package';

/** The client that made request `req` ("c1-7" → "c1"). */
const clientOf = (req: string): string => req.slice(0, Math.max(0, req.lastIndexOf('-')));

/**
 * Its owner (the calling client), its label ("Call c1-7#2", "Reply c1-7#2: ok (replayed)") and
 * the words after its name; null for anything else.
 */
export function rpcMessageLook(payload: unknown): MessageLook | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const m = payload as Record<string, unknown>;
  if (typeof m.call !== 'string' || typeof m.req !== 'string') return null;
  const owner = clientOf(m.req) || null;
  const attempt = typeof m.attempt === 'number' ? m.attempt : 1;
  const nth = attempt === 1 ? 'first attempt' : `retry, attempt ${attempt}`;
  if (m.type === 'Call') {
    const key = typeof m.key === 'string' ? `, key ${m.key}` : '';
    return { owner, label: `Call ${m.call}`, detail: `request ${m.req}, ${nth}${key}` };
  }
  if (m.type === 'Reply') {
    const status = typeof m.status === 'string' ? m.status : 'reply';
    const why = typeof m.reason === 'string' ? ` ${m.reason}` : '';
    const replayed = m.replayed === true ? ' (replayed)' : '';
    return {
      owner,
      label: `Reply ${m.call}: ${status}${why}${replayed}`,
      detail: `answer to request ${m.req}, ${nth}: ${status}${why}${replayed}`,
    };
  }
  return null;
}

/** The package's message looks: every call and reply in its client's colour. */
export const rpcMessageLooks: MessageLooks = {
  title: 'Client colours',
  look: (_protocolId, payload) => rpcMessageLook(payload),
};
