/** The notes family's views: each node's log of notes. */
import { lazy } from 'react';
import type { PanelManifest } from '../types';

export const panels: PanelManifest = {
  family: 'notes',
  nodePanels: { notes: lazy(() => import('./NotesPanel')) },
};
