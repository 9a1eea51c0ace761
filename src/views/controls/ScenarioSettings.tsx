/**
 * The scenario's own settings (node count, timeouts, variants…): apply = restart via the URL.
 * Every value is checked by the settings' specs as it is typed (bounds, and a range's start
 * at most its end); a problem is said in words beside its field, and Apply refuses until
 * none is left. A setting's one-sentence help, and the scenario's warnings about values that
 * run but misbehave (`ScenarioEntry.warnings`), are shown beside their field too; warnings
 * never stop Apply.
 */
import { memo, useId, useState, type FormEvent } from 'react';
import { scenarioEntry } from '../../engine/scenarios';
import {
  settingsProblems,
  settingsToQuery,
  type SettingValue,
  type SettingWarning,
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
  // Nodes is refused in words like any other number, not clamped behind the learner's back.
  const nodesProblem =
    Number.isInteger(shownNodes) && shownNodes >= entry.minNodes && shownNodes <= entry.maxNodes
      ? undefined
      : `Nodes must be a whole number from ${entry.minNodes} to ${entry.maxNodes}`;
  const problemCount = Object.keys(problems).length + (nodesProblem ? 1 : 0);
  const errorId = (key: string) => `${ids}-${key}-error`;
  const warnings = entry.warnings?.(merged) ?? [];
  const fieldKeys = new Set(entry.settings.map((spec) => spec.key));
  // A warning about no field in the form (a scenario's mistake) is still shown, at the end.
  const unplaced = warnings.filter((w) => !fieldKeys.has(w.key));
  const notesFor = (key: string, help: string | undefined) => ({
    idPrefix: `${ids}-${key}`,
    help,
    warnings: warnings.filter((w) => w.key === key),
  });
  /** The ids that describe a field: its problem, its help, its warnings. */
  const describedBy = (key: string, help: string | undefined, problem?: string) =>
    [problem ? errorId(key) : null, ...noteIds(notesFor(key, help))]
      .filter((id): id is string => id !== null)
      .join(' ') || undefined;

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
        <div className="settings-field">
          <label>
            <span>Nodes</span>
            <input
              type="number"
              min={entry.minNodes}
              max={entry.maxNodes}
              value={Number.isNaN(shownNodes) ? '' : shownNodes}
              aria-invalid={nodesProblem ? true : undefined}
              aria-describedby={describedBy('nodes', entry.nodesHelp, nodesProblem)}
              onChange={(e) =>
                setNodes(e.target.value === '' ? Number.NaN : Number(e.target.value))
              }
            />
          </label>
          {nodesProblem && (
            <span className="field-error" id={errorId('nodes')}>
              {nodesProblem}.
            </span>
          )}
          <FieldNotes {...notesFor('nodes', entry.nodesHelp)} />
        </div>
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
                      aria-describedby={describedBy(spec.key, spec.help, problem)}
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          // Cleared: NaN, which the specs refuse in words (not a silent 0).
                          [spec.key]: e.target.value === '' ? Number.NaN : Number(e.target.value),
                        })
                      }
                    />
                  </label>
                  {problem && (
                    <span className="field-error" id={errorId(spec.key)}>
                      {problem}.
                    </span>
                  )}
                  <FieldNotes {...notesFor(spec.key, spec.help)} />
                </div>
              );
            }
            case 'boolean':
              return (
                <div key={spec.key} className="settings-field">
                  <label className="settings-check">
                    <input
                      type="checkbox"
                      checked={value(spec.key) === true}
                      aria-describedby={describedBy(spec.key, spec.help)}
                      onChange={(e) => setDraft({ ...draft, [spec.key]: e.target.checked })}
                    />
                    <span>{spec.label}</span>
                  </label>
                  <FieldNotes {...notesFor(spec.key, spec.help)} />
                </div>
              );
            case 'choice':
              return (
                <div key={spec.key} className="settings-field">
                  <label>
                    <span>{spec.label}</span>
                    <select
                      value={String(value(spec.key) ?? spec.default)}
                      aria-describedby={describedBy(spec.key, spec.help)}
                      onChange={(e) => setDraft({ ...draft, [spec.key]: e.target.value })}
                    >
                      {spec.choices.map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                  </label>
                  <FieldNotes {...notesFor(spec.key, spec.help)} />
                </div>
              );
            default: {
              const never: never = spec;
              return String(never);
            }
          }
        })}
        {unplaced.length > 0 && (
          <FieldNotes idPrefix={`${ids}-scenario`} help={undefined} warnings={unplaced} />
        )}
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

interface FieldNotesProps {
  /** Unique per field: the notes' ids are built from it. */
  readonly idPrefix: string;
  readonly help: string | undefined;
  readonly warnings: readonly SettingWarning[];
}

/** The ids FieldNotes gives its help and warnings, for the field's aria-describedby. */
function noteIds({ idPrefix, help, warnings }: FieldNotesProps): string[] {
  return [
    ...(help ? [`${idPrefix}-help`] : []),
    ...warnings.map((_, i) => `${idPrefix}-warning-${i}`),
  ];
}

/**
 * Under a field: its one-sentence help, then each warning in words. A warning is marked by
 * its word and a bar, never by colour alone, and does not stop Apply.
 */
function FieldNotes(props: FieldNotesProps) {
  const { idPrefix, help, warnings } = props;
  return (
    <>
      {help && (
        <span className="field-help" id={`${idPrefix}-help`}>
          {help}
        </span>
      )}
      {warnings.map((w, i) => (
        <span key={i} className="field-warning" id={`${idPrefix}-warning-${i}`}>
          <strong>Warning:</strong> {w.text}
        </span>
      ))}
    </>
  );
}
