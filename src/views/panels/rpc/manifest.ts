/**
 * The RPC family's views, under the stage: the retry figures (with amplification over time)
 * and the side-effect ledger. A lesson step shows or hides each by its panel id.
 */
import type { PanelManifest } from '../types';
import { LedgerPanel } from './LedgerPanel';
import { RpcFigures } from './RpcFigures';

export const panels: PanelManifest = {
  family: 'rpc',
  sections: [
    { name: 'retry figures', slot: 'main', panel: 'rpc-figures', component: RpcFigures },
    { name: 'side-effect ledger', slot: 'main', panel: 'ledger', component: LedgerPanel },
  ],
};
