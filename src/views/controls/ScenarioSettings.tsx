/**
 * The scenario's own settings (node count, timeouts, variants…): apply = restart via the URL.
 * Every value is checked by the settings' specs as it is typed (bounds, and a range's start
 * at most its end); a problem is said in words beside its field, and Apply refuses until
 * none is left.
 */
import { memo, useId, useState, type FormEvent } from 'react';
import { scenarioEntry } from '../../engine/scenarios';
import {
  settingsProblems,
  settingsToQuery,
  type SettingValue,
} from '../../engine/scenarios/settings';
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
  const [refused, setRefused] = useState(false);
  const ids = useId();
  if (!entry) return null;
  const value = (key: string) => draft[key] ?? current[key];
  const shownNodes = nodes ?? nodeCount ?? entry.defaultNodes;
  const merged = { ...current, ...draft };
  const problems = settingsProblems(entry.settings, merged);
  const problemCount = Object.keys(problems).length;
  const errorId = (key: string) => `${ids}-${key}-error`;
  const helpId = (key: string) => `${ids}-${key}-help`;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (problemCount > 0) {
      setRefused(true);
      return;
    }
    setRefused(false);
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
      <form onSubmit={apply} className="settings-form" noValidate>
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
            case 'number': {
              const shown = Number(value(spec.key) ?? spec.default);
              const problem = problems[spec.key];
              return (
                <div key={spec.key} className="settings-field">
                  <label>
                    <span>
                      {spec.label}
                      {spec.unit ? ` (${spec.unit})` : ''}
                    </span>
                    <input
                      type="number"
                      min={spec.min}
                      max={spec.max}
                      value={Number.isNaN(shown) ? '' : shown}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={
                        [problem && errorId(spec.key), spec.help && helpId(spec.key)]
                          .filter(Boolean)
                          .join(' ') || undefined
                      }
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          // Cleared: NaN, which the specs refuse in words (not a silent 0).
                          [spec.key]: e.target.value === '' ? Number.NaN : Number(e.target.value),
                        })
                      }
                    />
                  </label>
                  {spec.help && (
                    <span className="settings-help" id={helpId(spec.key)}>
                      {spec.help}
                    </span>
                  )}
                  {problem && (
                    <span className="field-error" id={errorId(spec.key)}>
                      {problem}.
                    </span>
                  )}
                </div>
              );
            }
            case 'boolean': {
              const check = (
                <label key={spec.key} className="settings-check">
                  <input
                    type="checkbox"
                    checked={value(spec.key) === true}
                    aria-describedby={spec.help ? helpId(spec.key) : undefined}
                    onChange={(e) => setDraft({ ...draft, [spec.key]: e.target.checked })}
                  />
                  <span>{spec.label}</span>
                </label>
              );
              if (!spec.help) return check;
              // The sentence under the box says what the setting does (issue 13).
              return (
                <div key={spec.key} className="settings-field">
                  {check}
                  <span className="settings-help" id={helpId(spec.key)}>
                    {spec.help}
                  </span>
                </div>
              );
            }
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
        {refused && problemCount > 0 && (
          <p className="field-error" role="alert">
            Nothing was applied: fix the {problemCount === 1 ? 'setting' : 'settings'} marked above
            first.
          </p>
        )}
      </form>
    </details>
  );
});
