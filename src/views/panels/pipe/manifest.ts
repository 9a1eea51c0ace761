/** The pipe family's views: what the sender sent and the receiver counted. */
import { lazy } from 'react';
import type { PanelManifest } from '../types';

const PipePanel = lazy(() => import('./PipePanel'));

export const panels: PanelManifest = {
  family: 'pipe',
  nodePanels: { 'pipe-sender': PipePanel, 'pipe-receiver': PipePanel },
};
