/**
 * The scenario's settings in force, in words ("Pre-vote: on", "Election timeout: 150–300 ms"),
 * for any scenario: built from its entry's setting specs and the current values, so a new
 * setting is described without code here. A range (a number setting whose `atMost` names its
 * end) is said as one line.
 */
import type { NumberSettingSpec, SettingSpec, SettingValue } from '../../engine/scenarios/settings';

export interface OptionLine {
  /** The setting's key (for a range, its start's key). */
  readonly key: string;
  /** In words, e.g. "Pre-vote: on". */
  readonly text: string;
  /** Whether it differs from the scenario's default. */
  readonly changed: boolean;
}

type NumberSpec = NumberSettingSpec;

const unitOf = (spec: NumberSpec) => (spec.unit ? ` ${spec.unit}` : '');

/** A value as words for its spec: on/off, a number and its unit, a choice's label. */
function valueWords(spec: SettingSpec, v: SettingValue): string {
  switch (spec.kind) {
    case 'boolean':
      return v === true ? 'on' : 'off';
    case 'number':
      return `${String(v)}${unitOf(spec)}`;
    case 'choice':
      return spec.choices.find((c) => c.value === v)?.label ?? String(v);
    default: {
      const never: never = spec;
      return String(never);
    }
  }
}

/**
 * One line per setting (a range's two settings as one), in the specs' order; `values` may
 * lack a key (its default is in force). Nodes are a line of their own when `nodes` is given
 * and differs from `defaultNodes`.
 */
export function optionLines(
  specs: readonly SettingSpec[],
  values: Readonly<Record<string, SettingValue | undefined>>,
  nodes?: { readonly count: number | null; readonly defaultNodes: number },
): OptionLine[] {
  const valueOf = (spec: SettingSpec): SettingValue => values[spec.key] ?? spec.default;
  const numberSpec = (key: string | undefined) =>
    specs.find((s): s is NumberSpec => s.kind === 'number' && s.key === key);
  // The ends of ranges, said with their start.
  const ends = new Set(
    specs.flatMap((s) => (s.kind === 'number' && numberSpec(s.atMost) ? [s.atMost] : [])),
  );
  const lines: OptionLine[] = [];
  if (nodes && nodes.count !== null && nodes.count !== nodes.defaultNodes)
    lines.push({ key: 'nodes', text: `Nodes: ${nodes.count}`, changed: true });
  for (const spec of specs) {
    if (ends.has(spec.key)) continue;
    const end = spec.kind === 'number' ? numberSpec(spec.atMost) : undefined;
    if (spec.kind === 'number' && end) {
      // "Election timeout from" + "… to" read as one range: "Election timeout: 150–300 ms".
      const a = valueOf(spec);
      const b = valueOf(end);
      const name = spec.label.replace(/\s+from$/i, '');
      lines.push({
        key: spec.key,
        text: `${name}: ${String(a)}–${String(b)}${unitOf(end)}`,
        changed: a !== spec.default || b !== end.default,
      });
      continue;
    }
    const v = valueOf(spec);
    lines.push({
      key: spec.key,
      text: `${spec.label}: ${valueWords(spec, v)}`,
      changed: v !== spec.default,
    });
  }
  return lines;
}
