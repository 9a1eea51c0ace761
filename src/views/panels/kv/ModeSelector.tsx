/**
 * The replication modes are sibling scenarios of one store: a selector moves between them,
 * keeping the seed (the URL is the source of truth, so the lab restarts on the new route).
 */
import { memo } from 'react';
import { labHash } from '../../../app/router';
import { scenarios } from '../../../engine/scenarios';
import { useLab } from '../../../state/lab-store';

const STORE_PREFIX = 'kv-';

export const ModeSelector = memo(function ModeSelector() {
  const scenarioId = useLab((s) => s.scenarioId);
  const seed = useLab((s) => s.seed);
  const isLesson = useLab((s) => s.mode === 'lesson');
  if (isLesson || !scenarioId.startsWith(STORE_PREFIX)) return null;
  const modes = Object.values(scenarios).filter((s) => s.id.startsWith(STORE_PREFIX));
  return (
    <label className="mode-selector">
      <span>Replication mode</span>
      <select
        aria-label="Replication mode"
        value={scenarioId}
        onChange={(e) => {
          window.location.hash = labHash(e.target.value, seed);
        }}
      >
        {modes.map((m) => (
          <option key={m.id} value={m.id}>
            {m.title}
          </option>
        ))}
      </select>
    </label>
  );
});
