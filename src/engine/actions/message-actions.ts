/** Interventions on one message in flight: drop, duplicate, delay, and deliver a held one. */
import { define } from './types';

/** How much later "Delay" makes a message arrive. */
export const DELAY_BY_MS = 100;

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
    description: `Make this message arrive ${DELAY_BY_MS} ms later.`,
    keywords: ['slow', 'message', 'reorder'],
    surfaces: ['message-menu'],
    unavailable: ({ message }) =>
      message.heldSince === null ? null : 'a held message waits until you deliver it',
    record: ({ message }) => [{ type: 'delay-message', msg: message.id, byMs: DELAY_BY_MS }],
  }),
};
