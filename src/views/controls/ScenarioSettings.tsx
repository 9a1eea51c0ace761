/** The scenario's own settings (node count, timeouts, variants…): apply = restart via the URL. */
import { memo, useState, type FormEvent } from 'react';
import { scenarioEntry } from '../../engine/scenarios';
import { settingsToQuery, type SettingValue } from '../../engine/scenarios/settings';
import { labHash } from '../../app/router';
import { useLab } from '../../state/lab-store';

export const ScenarioSettings = memo(function ScenarioSettings() {
  const scenarioId = useLab((s) => s.scenarioId);
  const seed = useLab((s) => s.seed);
  const nodeCount = useLab((s) => s.nodeCount);
  const current = useLab((s) => s.settings);
  const entry = scenarioEntry(scenarioId);
  const [draft, setDraft] = useState<Record<string, SettingValue>>({});
  const [nodes, setNodes] = useState<number | null>(null);
  if (!entry) return null;
  const value = (key: string) => draft[key] ?? current[key];
  const shownNodes = nodes ?? nodeCount ?? entry.defaultNodes;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const merged = { ...current, ...draft };
    window.location.hash = labHash(
      entry.id,
      seed,
      shownNodes,
      null,
      settingsToQuery(entry.settings, merged),
    );
    setDraft({});
    setNodes(null);
  };

  return (
    <details className="panel settings">
      <summary>Scenario settings</summary>
      <form onSubmit={apply} className="settings-form">
        <label>
          <span>Nodes</span>
          <input
            type="number"
            min={entry.minNodes}
            max={entry.maxNodes}
            value={shownNodes}
            onChange={(e) =>
              setNodes(Math.min(entry.maxNodes, Math.max(entry.minNodes, Number(e.target.value))))
            }
          />
        </label>
        {entry.settings.map((spec) => {
          switch (spec.kind) {
            case 'number':
              return (
                <label key={spec.key}>
                  <span>
                    {spec.label}
                    {spec.unit ? ` (${spec.unit})` : ''}
                  </span>
                  <input
                    type="number"
                    min={spec.min}
                    max={spec.max}
                    value={Number(value(spec.key) ?? spec.default)}
                    onChange={(e) => setDraft({ ...draft, [spec.key]: Number(e.target.value) })}
                  />
                </label>
              );
            case 'boolean':
              return (
                <label key={spec.key} className="settings-check">
                  <input
                    type="checkbox"
                    checked={value(spec.key) === true}
                    onChange={(e) => setDraft({ ...draft, [spec.key]: e.target.checked })}
                  />
                  <span>{spec.label}</span>
                </label>
              );
            case 'choice':
              return (
                <label key={spec.key}>
                  <span>{spec.label}</span>
                  <select
                    value={String(value(spec.key) ?? spec.default)}
                    onChange={(e) => setDraft({ ...draft, [spec.key]: e.target.value })}
                  >
                    {spec.choices.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </label>
              );
            default: {
              const never: never = spec;
              return String(never);
            }
          }
        })}
        <button type="submit">Apply and restart</button>
      </form>
    </details>
  );
});
