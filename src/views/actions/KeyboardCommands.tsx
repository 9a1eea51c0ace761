/**
 * The keyboard's way in: single-key shortcuts on the selected node (C, R, P, T) and the run
 * (Space, "."), the command palette (Ctrl+K / Cmd+K) and the list of shortcuts (?), all built
 * from the action registry and bound by its rules (lesson allow-lists included).
 */
import { useEffect } from 'react';
import { contextOf, explain, labDefinitions, perform, resolveSelected } from '../../state/commands';
import { openDialog, useCommandDialogs } from '../../state/command-dialogs';
import { useLab } from '../../state/lab-store';
import { CommandPalette } from './CommandPalette';
import { ShortcutsDialog } from './ShortcutsDialog';
import { actionForKey, isDialogOpen, isPaletteKey, isTyping, spaceActivates } from './shortcuts';

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

/** The palette's key as this platform writes it. */
export const paletteKeyShown = () => (isMac() ? '⌘K' : 'Ctrl+K');

function onKeyDown(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.isComposing) return;
  if (isPaletteKey(e)) {
    if (isDialogOpen()) return;
    e.preventDefault();
    openDialog('commands');
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || isDialogOpen()) return;
  if (e.key === '?') {
    e.preventDefault();
    openDialog('shortcuts');
    return;
  }
  if (e.key === ' ' && spaceActivates(e.target)) return;
  const state = useLab.getState();
  if (state.status !== 'ready') return;
  const ctx = contextOf(state);
  const found = actionForKey(e.key, labDefinitions(state), resolveSelected(state), ctx);
  if (found === null) return;
  e.preventDefault();
  if ('reason' in found) explain(found.reason);
  else void perform(found.def, found.target, {}, 'keyboard');
}

/** Mounted once per lab: listens for the keys and holds the two dialogs. */
export function KeyboardCommands() {
  const open = useCommandDialogs((s) => s.open);
  useEffect(() => {
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <>
      {open === 'commands' && <CommandPalette onClose={() => openDialog(null)} />}
      {open === 'shortcuts' && <ShortcutsDialog onClose={() => openDialog(null)} />}
    </>
  );
}

/** The same two dialogs for the mouse, at the end of the toolbar. */
export function CommandButtons() {
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-keyshortcuts={isMac() ? 'Meta+K' : 'Control+K'}
        onClick={() => openDialog('commands')}
      >
        Commands…
      </button>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-keyshortcuts="?"
        aria-label="Keyboard shortcuts"
        onClick={() => openDialog('shortcuts')}
      >
        ?
      </button>
    </>
  );
}
