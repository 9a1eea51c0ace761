/** The notes family's views: each node's log of notes. */
import { retryableLazy } from '../../common/retryable-lazy';
import type { PanelManifest } from '../types';

export const panels: PanelManifest = {
  family: 'notes',
  nodePanels: { notes: retryableLazy(() => import('./NotesPanel')) },
};
