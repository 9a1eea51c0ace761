/** Draw a partition: choose a group of nodes and split it off from the rest of the network. */
import { memo, useState, type FormEvent } from 'react';
import { act } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';
import { useActionAllowed } from '../common/allow';

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
  const allowed = useActionAllowed('partition');
  const split = (e: FormEvent) => {
    e.preventDefault();
    const inside = nodes.filter((n) => group.has(n));
    const outside = nodes.filter((n) => !group.has(n));
    if (inside.length && outside.length) void act({ type: 'partition', groups: [inside, outside] });
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
        <button
          type="submit"
          disabled={!allowed || group.size === 0 || group.size === nodes.length}
        >
          Split them off
        </button>
      </form>
    </details>
  );
});
