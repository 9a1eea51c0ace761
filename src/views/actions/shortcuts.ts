/**
 * Which keys the lab answers, and when it must not: never while the learner types in a
 * field (input, textarea, select, contenteditable), nor while some other dialog is open.
 */
import {
  whyUnavailable,
  type ActionContext,
  type ActionDefinition,
  type ActionTarget,
} from '../../engine/actions';

/** Ctrl+K (Cmd+K on macOS) opens the command palette. */
export const isPaletteKey = (e: KeyboardEvent) =>
  (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k';

/** The learner is typing: letters belong to the field. */
export function isTyping(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  return el.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** A native control that Space already activates (a button, a link, a summary). */
export function spaceActivates(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && el.closest('button, a[href], summary') !== null;
}

/** A modal dialog is open (ours or another's): shortcuts wait until it closes. */
export function isDialogOpen(): boolean {
  return document.querySelector('dialog[open], [role="dialog"][aria-modal="true"]') !== null;
}

/**
 * The action a key runs on this target: the first that is available; else the first that
 * applies (so the learner hears why it cannot run). P is both "Pause node" and "Resume node".
 */
export function actionForKey(
  key: string,
  defs: readonly ActionDefinition[],
  target: ActionTarget | null,
  ctx: ActionContext,
): { def: ActionDefinition; target: ActionTarget } | { reason: string } | null {
  const k = key.toLowerCase();
  const keyed = defs.filter((d) => d.shortcut?.key === k);
  if (keyed.length === 0) return null;
  const candidates = keyed
    .map((def) => ({ def, on: def.appliesTo === 'run' ? ({ kind: 'run' } as const) : target }))
    .filter((c): c is { def: ActionDefinition; on: ActionTarget } => c.on !== null)
    .filter((c) => c.def.appliesToTarget(c.on));
  const ready = candidates.find((c) => whyUnavailable(c.def, c.on, ctx) === null);
  if (ready) return { def: ready.def, target: ready.on };
  const first = candidates[0];
  if (first) return { reason: whyUnavailable(first.def, first.on, ctx) ?? '' };
  const wanted = keyed[0];
  return wanted
    ? { reason: `${wanted.title}: select a ${wanted.appliesTo} first (click it or Tab to it)` }
    : null;
}
