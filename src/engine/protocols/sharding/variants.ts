/** The sharding family's broken variants (small: the page's scenario list loads it). */

/** Broken variants, for teaching (scenarios' "Broken variant" setting). */
export const SHARDING_BROKEN_VARIANTS = [
  {
    id: 'cutover-before-catchup',
    breaks: 'no lost writes (routes switch before the target has caught up)',
  },
] as const;
export type ShardingBrokenVariant = (typeof SHARDING_BROKEN_VARIANTS)[number]['id'];
