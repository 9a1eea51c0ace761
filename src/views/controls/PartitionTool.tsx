/** Draw a partition: choose a group of nodes and split it off from the rest of the network. */
import { memo, useState, type FormEvent } from 'react';
import { BUILTIN_ACTIONS } from '../../engine/actions';
import { perform } from '../../state/commands';
import { useLab } from '../../state/lab-store';
import { ActionButton } from '../actions/ActionButton';
import { RUN, useRunReason } from '../actions/use-actions';

const { partition } = BUILTIN_ACTIONS;

export const PartitionTool = memo(function PartitionTool() {
  // Clients stay in no group, so they keep their links to every side (as clients spread over
  // the internet would); isolate one, or cut its links, to take it away.
  const ids = useLab(
    (s) =>
      s.frame?.nodes
        .filter((n) => n.role !== 'client')
        .map((n) => n.id)
        .join(',') ?? '',
  );
  const hasClients = useLab((s) => s.frame?.nodes.some((n) => n.role === 'client') ?? false);
  const nodes = ids ? ids.split(',') : [];
  const [group, setGroup] = useState<ReadonlySet<string>>(new Set());
  const blocked = useRunReason(partition);
  const reason =
    blocked ??
    (group.size === 0 || group.size === nodes.length
      ? `${partition.title}: choose some of the nodes, not all`
      : null);
  const split = (e: FormEvent) => {
    e.preventDefault();
    const inside = nodes.filter((n) => group.has(n));
    const outside = nodes.filter((n) => !group.has(n));
    if (inside.length && outside.length && reason === null)
      void perform(partition, RUN, { inside, outside }, 'toolbar');
    setGroup(new Set());
  };
  return (
    <details className="panel settings">
      <summary>Partition the network</summary>
      <form onSubmit={split} className="settings-form">
        {hasClients && <p className="muted">Clients keep their links to every side.</p>}
        <fieldset className="partition-nodes">
          <legend>Nodes on one side</legend>
          {nodes.map((id) => (
            <label key={id} className="settings-check">
              <input
                type="checkbox"
                checked={group.has(id)}
                onChange={(e) => {
                  const next = new Set(group);
                  if (e.target.checked) next.add(id);
                  else next.delete(id);
                  setGroup(next);
                }}
              />
              <span>{id}</span>
            </label>
          ))}
        </fieldset>
        <ActionButton def={partition} target={RUN} reason={reason} type="submit" />
      </form>
    </details>
  );
});
