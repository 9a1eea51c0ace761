/**
 * Rebalancing from the shard map, without hunting for the right node on the stage: add a
 * spare to the shards, remove the server you choose, split the hottest range (at the hottest
 * key, in the range of the server that holds it). Each runs the
 * shard server's own action (`add-server`, `remove-server`, `split-range`; the node menus and
 * the command palette offer the same), so it is recorded and replayed like any other. A button
 * that cannot act now is disabled and says why beside it.
 */
import { memo, useId, useState } from 'react';
import type { ShardMapSummary } from '../../../engine/protocols/sharding/summary';
import { allowsRule, type Capabilities } from '../../../state/capabilities';
import { act } from '../../../state/lab-controller';
import { useLab } from '../../../state/lab-store';
import { hotSplitChoice } from './heat-view';
import { upMembers, upSpares } from './shard-map-view';
import { requestSplit } from './split-action';

const NOT_THIS_STEP = 'not part of this lesson step';

/**
 * The reasons the three buttons cannot act now (null when they can): the lesson step's
 * allow-list first (`allow`, null in the lab), so a button the step refuses looks refused
 * instead of acting on a click only to be turned away far above it.
 */
export function rebalanceBlockers(
  summary: ShardMapSummary,
  spares: readonly string[],
  members: readonly string[],
  allow: Capabilities | null = null,
): { add: string | null; remove: string | null; split: string | null } {
  const split = hotSplitChoice(summary, spares);
  const refused = (id: 'add-server' | 'remove-server' | 'split-range') =>
    allowsRule(allow, `protocol:${id}`) ? null : NOT_THIS_STEP;
  return {
    add:
      refused('add-server') ??
      (spares.length ? null : 'every spare server is already a shard (or down)'),
    remove:
      refused('remove-server') ??
      (members.length > 1 ? null : 'the last shard server cannot leave'),
    split:
      refused('split-range') ??
      (split === null ? 'no requests yet, so no hot range' : split.ok ? null : split.why),
  };
}

export const Rebalance = memo(function Rebalance({ summary }: { summary: ShardMapSummary }) {
  const spares = useLab((s) => upSpares(s.frame?.nodes).join(','));
  const members = useLab((s) => upMembers(s.frame?.nodes).join(','));
  const spareList = spares ? spares.split(',') : [];
  const memberList = members ? members.split(',') : [];
  const [chosen, setChosen] = useState('');
  const whyId = useId();
  const selectId = useId();
  const leaving = memberList.includes(chosen) ? chosen : memberList[memberList.length - 1];
  const allow = useLab((s) => s.allow);
  const blockers = rebalanceBlockers(summary, spareList, memberList, allow);
  const split = hotSplitChoice(summary, spareList);
  const reasons = [
    blockers.add && `Add: ${blockers.add}.`,
    blockers.remove && `Remove: ${blockers.remove}.`,
    blockers.split && `Split: ${blockers.split}.`,
  ].filter(Boolean);
  const first = spareList[0];
  return (
    <div className="shard-rebalance-block">
      <h3 className="shard-subhead">Rebalance</h3>
      <div className="shard-rebalance" role="group" aria-label="Rebalance">
        <button
          type="button"
          disabled={blockers.add !== null}
          aria-describedby={blockers.add ? whyId : undefined}
          onClick={() => {
            if (first) void act({ type: 'protocol', node: first, action: { id: 'add-server' } });
          }}
        >
          Add shard server{first ? ` (${first})` : ''}
        </button>
        <span className="shard-remove">
          <label htmlFor={selectId}>Server to remove</label>
          <select
            id={selectId}
            value={leaving ?? ''}
            disabled={memberList.length === 0}
            onChange={(e) => setChosen(e.target.value)}
          >
            {memberList.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={blockers.remove !== null || leaving === undefined}
            aria-describedby={blockers.remove ? whyId : undefined}
            onClick={() => {
              if (leaving)
                void act({ type: 'protocol', node: leaving, action: { id: 'remove-server' } });
            }}
          >
            Remove server
          </button>
        </span>
        <button
          type="button"
          disabled={blockers.split !== null || !split?.ok}
          aria-describedby={blockers.split ? whyId : undefined}
          onClick={() => {
            if (split?.ok) void requestSplit(split.node, split.at, split.to);
          }}
        >
          Split hottest range
        </button>
      </div>
      {reasons.length > 0 && (
        <p id={whyId} className="muted shard-rebalance-why">
          {reasons.join(' ')}
        </p>
      )}
    </div>
  );
});
