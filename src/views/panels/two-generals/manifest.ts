/** The two-generals family's views: the generals card under the stage, and the sweep over messengers among the run's tools. */
import type { PanelManifest } from '../types';
import { AttackSweep } from './AttackSweep';
import { GeneralsCard } from './GeneralsCard';

export const panels: PanelManifest = {
  family: 'two-generals',
  sections: [
    { name: 'generals', slot: 'main', panel: null, component: GeneralsCard },
    { name: 'messenger sweep', slot: 'side', panel: 'sweep', component: AttackSweep },
  ],
};
