/** Ping's broken variants (a small module: the lab's scenario list loads it with the page). */

/** Deliberately broken variants, for teaching and for showing that the checker catches them. */
export const PING_BROKEN_VARIANTS = [
  { id: 'sticky-suspicion', breaks: 'Suspicion clears on contact' },
] as const;

export type PingBrokenVariant = (typeof PING_BROKEN_VARIANTS)[number]['id'];
