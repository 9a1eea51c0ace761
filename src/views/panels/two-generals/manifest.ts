/** The two-generals family's views: the generals card under the stage, the sweep over messengers and the search over every capture among the run's tools (a lesson's steps hide both; its sandbox shows them). */
import type { PanelManifest } from '../types';
import { AttackSweep } from './AttackSweep';
import { CaptureSearch } from './CaptureSearch';
import { GeneralsCard } from './GeneralsCard';

export const panels: PanelManifest = {
  family: 'two-generals',
  sections: [
    { name: 'generals', slot: 'main', panel: null, component: GeneralsCard },
    { name: 'messenger sweep', slot: 'side', panel: 'sweep', component: AttackSweep },
    { name: 'capture search', slot: 'side', panel: 'sweep', component: CaptureSearch },
  ],
};
