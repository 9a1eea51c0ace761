/**
 * A package's deliberately broken variants as a scenario setting (kept apart from
 * settings.ts's reader so the page's start-up code stays small).
 */
import type { SettingSpec, SettingValues } from './settings';

/** A broken variant as a package declares it: its id and the invariant it breaks. */
export interface BrokenVariantSpec {
  readonly id: string;
  readonly breaks: string;
}

/**
 * The "Broken variant (for teaching)" choice for a package's variants: 'none' (the correct
 * protocol) or one variant's id. Read it back with `brokenOf`.
 */
export function brokenVariantSetting(
  variants: readonly BrokenVariantSpec[],
  correct: string,
): SettingSpec {
  return {
    key: 'broken',
    label: 'Broken variant (for teaching)',
    kind: 'choice',
    choices: [
      { value: 'none', label: `none — ${correct}` },
      ...variants.map((b) => ({ value: b.id, label: `${b.id} — breaks ${b.breaks}` })),
    ],
    default: 'none',
  };
}

/** The broken variant chosen in `settings` (see `brokenVariantSetting`), or null for none. */
export function brokenOf(settings: SettingValues | undefined): string | null {
  const b = settings?.broken;
  return b === undefined || b === 'none' ? null : String(b);
}
