/** Which of the keyboard's two dialogs is open: UI state only, nothing in the run depends on it. */
import { create } from 'zustand';

/** The command palette ('commands'), the list of shortcuts ('shortcuts'), or neither. */
export type OpenDialog = 'commands' | 'shortcuts' | null;

export const useCommandDialogs = create<{ readonly open: OpenDialog }>(() => ({ open: null }));

/** Open one of the dialogs, or close both (null). */
export function openDialog(open: OpenDialog): void {
  useCommandDialogs.setState({ open });
}
