/** The queue family's broken variants (a small module: the lab's scenario list loads it with the page). */

/** Deliberately broken variants, for teaching and for showing that the checker catches them. */
export const QUEUE_BROKEN_VARIANTS = [
  {
    // A consumer configured to acknowledge after processing that acknowledges on receipt:
    // a crash mid-processing then loses the message, as at-most-once does.
    id: 'ack-before-process',
    breaks: 'No acknowledged message is lost',
  },
] as const;

/** The id of one of the broken variants. */
export type QueueBrokenVariant = (typeof QUEUE_BROKEN_VARIANTS)[number]['id'];
