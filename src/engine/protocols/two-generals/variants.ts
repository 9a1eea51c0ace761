/** The two generals' broken variants (a small module: the lab's scenario list loads it with the page). */

/** Deliberately broken variants, for teaching and for showing that the checker catches them. */
export const GENERALS_BROKEN_VARIANTS = [
  { id: 'attack-anyway', breaks: 'No attack on a plan never heard' },
] as const;

export type GeneralsBrokenVariant = (typeof GENERALS_BROKEN_VARIANTS)[number]['id'];
