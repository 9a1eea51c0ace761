/** The pipe family's views: what the sender sent and the receiver counted. */
import { retryableLazy } from '../../common/retryable-lazy';
import type { PanelManifest } from '../types';

const PipePanel = retryableLazy(() => import('./PipePanel'));

export const panels: PanelManifest = {
  family: 'pipe',
  nodePanels: { 'pipe-sender': PipePanel, 'pipe-receiver': PipePanel },
};
