/** Interventions on one message in flight: drop, duplicate, delay, and deliver a held one. */
import { define } from './types';

/** How much later "Delay" makes a message arrive when the learner does not say (ms). */
export const DELAY_BY_MS = 100;
/** The longest delay the form takes (ms): a minute of virtual time is already an outage. */
export const MAX_DELAY_MS = 60_000;

export const MESSAGE_ACTIONS = {
  'deliver-message': define({
    id: 'deliver-message',
    title: 'Deliver now',
    appliesTo: 'message',
    description: 'Deliver a held message to its destination now.',
    keywords: ['hold', 'release'],
    surfaces: ['message-menu'],
    isShown: ({ message }) => message.heldSince !== null,
    unavailable: ({ message }) => (message.heldSince === null ? 'the message is not held' : null),
    record: ({ message }) => [{ type: 'deliver-message', msg: message.id }],
  }),
  'drop-message': define({
    id: 'drop-message',
    title: 'Drop',
    appliesTo: 'message',
    description: 'Lose this message on the way.',
    keywords: ['lose', 'message'],
    surfaces: ['message-menu'],
    record: ({ message }) => [{ type: 'drop-message', msg: message.id }],
  }),
  'duplicate-message': define({
    id: 'duplicate-message',
    title: 'Duplicate',
    appliesTo: 'message',
    description: 'Deliver this message twice.',
    keywords: ['copy', 'message'],
    surfaces: ['message-menu'],
    record: ({ message }) => [{ type: 'duplicate-message', msg: message.id }],
  }),
  'delay-message': define({
    id: 'delay-message',
    title: 'Delay',
    appliesTo: 'message',
    description: `Make this message arrive later, by as many ms as you say (${DELAY_BY_MS} ms unless you say).`,
    keywords: ['slow', 'message', 'reorder', 'later'],
    surfaces: ['message-menu'],
    // The amount is recorded with the action, so a share link replays the same delay.
    args: [
      {
        name: 'byMs',
        label: 'Delay by (ms)',
        kind: 'number',
        unit: 'ms',
        min: 1,
        max: MAX_DELAY_MS,
        default: DELAY_BY_MS,
      },
    ],
    unavailable: ({ message }) =>
      message.heldSince === null ? null : 'a held message waits until you deliver it',
    // The palette runs actions without a form: it delays by the default amount.
    record: ({ message }, args) => [
      {
        type: 'delay-message',
        msg: message.id,
        byMs: typeof args.byMs === 'number' ? args.byMs : DELAY_BY_MS,
      },
    ],
  }),
};
