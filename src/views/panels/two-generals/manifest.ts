/** The two-generals family's views: the generals card under the stage. */
import type { PanelManifest } from '../types';
import { GeneralsCard } from './GeneralsCard';

export const panels: PanelManifest = {
  family: 'two-generals',
  sections: [{ name: 'generals', slot: 'main', panel: null, component: GeneralsCard }],
};
