/** The RPC family's broken variants (a small module: the lab's scenario list loads it with the page). */

/** Deliberately broken variants, for teaching and for showing that the checker catches them. */
export const RPC_BROKEN_VARIANTS = [
  {
    id: 'forget-completed',
    breaks: 'Each request takes effect at most once (the dedup table forgets completed keys)',
  },
] as const;

/** The id of one broken variant. */
export type RpcBrokenVariant = (typeof RPC_BROKEN_VARIANTS)[number]['id'];
