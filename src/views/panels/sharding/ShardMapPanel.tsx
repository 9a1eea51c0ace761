/** The shard map with the rebalancing buttons under it (the manifest's 'shard map' section). */
import { memo } from 'react';
import { useLab } from '../../../state/lab-store';
import { Rebalance } from './Rebalance';
import { ShardMap } from './ShardMap';
import { shardSummaryOf } from './shard-map-view';

export const ShardMapPanel = memo(function ShardMapPanel() {
  const summary = useLab((s) => shardSummaryOf(s.frame?.checks));
  return <ShardMap>{summary && <Rebalance summary={summary} />}</ShardMap>;
});
