/**
 * The placement schemes by name, their words and the virtual-node range: all a lab's settings
 * need, kept apart from the placement code so the page's scenario list loads only this.
 */
import type { PlacementScheme } from './types';

/** The schemes in the lab's "Placement" selector order. */
export const PLACEMENT_SCHEMES: readonly PlacementScheme[] = [
  'mod-n',
  'ring',
  'ring-vnodes',
  'rendezvous',
  'jump',
];

/** The words the selector shows for each scheme. */
export const SCHEME_LABELS: Readonly<Record<PlacementScheme, string>> = {
  'mod-n': 'mod N',
  ring: 'ring',
  'ring-vnodes': 'ring with virtual nodes',
  rendezvous: 'rendezvous (HRW)',
  jump: 'jump hash',
};

/** Virtual nodes per server are 1…256 (the slider's range). */
export const MAX_VNODES = 256;

/** Clamps any input to a whole number of virtual nodes, 1…256 (NaN → 1). */
export function clampVnodes(v: number): number {
  if (!Number.isFinite(v)) return 1;
  return Math.min(MAX_VNODES, Math.max(1, Math.round(v)));
}

/** Whether a value names a placement scheme (for untrusted options and action args). */
export function isPlacementScheme(value: unknown): value is PlacementScheme {
  return typeof value === 'string' && (PLACEMENT_SCHEMES as readonly string[]).includes(value);
}
