/**
 * The store lab's workload switch: the clients read and write on their own from the start
 * (a gentle, seeded workload the scenario sets), and a learner can stop and restart it. Each
 * flip is a recorded action on every client that is up, so a shared link replays it. Hidden
 * in lessons: a lesson chooses its own workload.
 */
import { memo, useId } from 'react';
import type { KvClientView } from '../../../engine/protocols/kv/types';
import { act } from '../../../state/lab-controller';
import { useLab } from '../../../state/lab-store';
import './kv.css';

const runsWorkload = (v: unknown) => (v as Partial<KvClientView> | null)?.workload === true;

export const WorkloadSwitch = memo(function WorkloadSwitch() {
  const isLesson = useLab((s) => s.mode === 'lesson');
  // Only the clients' ids and whether each runs its workload: the switch redraws on a flip.
  const clients = useLab((s) =>
    (s.frame?.nodes ?? [])
      .filter((n) => n.protocol === 'kv-client')
      .map((n) => `${n.id}:${n.view === null ? 'down' : runsWorkload(n.view) ? 'on' : 'off'}`)
      .join(','),
  );
  const whyId = useId();
  if (isLesson || clients === '') return null;
  const states = clients.split(',').map((c) => {
    const [id = '', state = 'down'] = c.split(':');
    return { id, state };
  });
  const up = states.filter((c) => c.state !== 'down');
  const isOn = up.some((c) => c.state === 'on');
  const flip = async () => {
    for (const c of up)
      await act({
        type: 'protocol',
        node: c.id,
        action: { id: isOn ? 'workload-off' : 'workload-on' },
      });
  };
  return (
    <label className="workload-switch">
      <input
        type="checkbox"
        role="switch"
        checked={isOn}
        disabled={up.length === 0}
        aria-describedby={up.length === 0 ? whyId : undefined}
        onChange={() => void flip()}
      />
      <span>Client workload</span>
      {up.length === 0 && (
        <span id={whyId} className="visually-hidden">
          every client is down
        </span>
      )}
    </label>
  );
});
