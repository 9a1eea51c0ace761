/**
 * The sharding family's views: the shard map (where each key range or hash bucket lives, load
 * per shard, moves and the figures after each change, with the rebalancing buttons) and the
 * key-space × time heat map of requests, both under the cluster. A lesson hides or reveals
 * them by panel 'shard-map' and 'heat'.
 */
import type { PanelManifest } from '../types';
import { HeatMap } from './HeatMap';
import { ShardMapPanel } from './ShardMapPanel';

export const panels: PanelManifest = {
  family: 'sharding',
  sections: [
    { name: 'shard map', slot: 'main', panel: 'shard-map', component: ShardMapPanel },
    { name: 'heat map', slot: 'main', panel: 'heat', component: HeatMap },
  ],
};
