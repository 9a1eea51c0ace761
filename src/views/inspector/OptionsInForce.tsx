/**
 * The "Options in force" card: which of the scenario's settings differ from their defaults,
 * in words, and every setting's value on request. Generic: read from the scenario entry's
 * settings and the values the run started with, for every scenario.
 */
import { memo, useMemo } from 'react';
import { scenarioEntry } from '../../engine/scenarios';
import { useLab } from '../../state/lab-store';
import { optionLines } from './options-in-force';

export const OptionsInForce = memo(function OptionsInForce() {
  const scenarioId = useLab((s) => s.scenarioId);
  const settings = useLab((s) => s.settings);
  const nodeCount = useLab((s) => s.nodeCount);
  const entry = scenarioEntry(scenarioId);
  const lines = useMemo(
    () =>
      entry
        ? optionLines(entry.settings, settings, {
            count: nodeCount,
            defaultNodes: entry.defaultNodes,
          })
        : [],
    [entry, settings, nodeCount],
  );
  if (!entry) return null;
  const changed = lines.filter((l) => l.changed);
  const all = lines.filter((l) => l.key !== 'nodes');
  return (
    <section
      className="panel options-in-force"
      aria-labelledby="options-in-force-title"
      data-testid="options-in-force"
    >
      <h2 id="options-in-force-title">Options in force</h2>
      {changed.length === 0 ? (
        <p className="muted">Every setting is at its default.</p>
      ) : (
        <ul aria-label="Changed from the defaults">
          {changed.map((l) => (
            <li key={l.key}>{l.text}</li>
          ))}
        </ul>
      )}
      {all.length > 0 && (
        <details>
          <summary>All settings</summary>
          <ul>
            {all.map((l) => (
              <li key={l.key}>
                {l.text}
                {l.changed ? '' : ' (default)'}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
});
