/**
 * The lab's link for a run: `#/lab/<scenario>?seed=…&nodes=…&<settings>&run=…`. The app's
 * router reads it back; the seed runner prints failing seeds with it, so a failure found
 * headless replays in the browser.
 */

/** Query keys the route itself uses; a scenario setting may not take these names. */
export const RESERVED_QUERY_KEYS: ReadonlySet<string> = new Set(['seed', 'nodes', 'run']);

/**
 * The hash route of a lab run. `run` is an encoded action list (`encodeActions`);
 * `settings` are the scenario's settings as the URL spells them (reserved keys are skipped).
 */
export function labHash(
  scenario: string,
  seed: number,
  nodes?: number | null,
  run?: string | null,
  settings: Readonly<Record<string, string>> = {},
): string {
  const params = new URLSearchParams({ seed: String(seed) });
  if (nodes !== null && nodes !== undefined) params.set('nodes', String(nodes));
  for (const [key, value] of Object.entries(settings))
    if (!RESERVED_QUERY_KEYS.has(key)) params.set(key, value);
  if (run) params.set('run', run);
  return `#/lab/${encodeURIComponent(scenario)}?${params.toString()}`;
}
