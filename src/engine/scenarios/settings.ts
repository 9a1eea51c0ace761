/**
 * Scenario settings a teacher can change (Raft's timeouts, pre-vote, a broken variant…),
 * declared as data so the lab can render a form and a URL can carry them. Values from a
 * URL are untrusted: each is read against its spec, and a bad one falls back to the default
 * with a sentence saying why.
 */
export type SettingSpec =
  | {
      readonly key: string;
      readonly label: string;
      readonly kind: 'number';
      readonly min: number;
      readonly max: number;
      readonly default: number;
      readonly unit?: string;
    }
  | {
      readonly key: string;
      readonly label: string;
      readonly kind: 'boolean';
      readonly default: boolean;
    }
  | {
      readonly key: string;
      readonly label: string;
      readonly kind: 'choice';
      readonly choices: ReadonlyArray<{ readonly value: string; readonly label: string }>;
      readonly default: string;
    };

export type SettingValue = number | boolean | string;
export type SettingValues = Readonly<Record<string, SettingValue>>;

export interface ReadSettings {
  readonly values: SettingValues;
  readonly problems: readonly string[];
}

export function readSettings(
  specs: readonly SettingSpec[],
  raw: Readonly<Record<string, string>>,
): ReadSettings {
  const values: Record<string, SettingValue> = {};
  const problems: string[] = [];
  for (const spec of specs) {
    const text = raw[spec.key];
    values[spec.key] = spec.default;
    if (text === undefined) continue;
    switch (spec.kind) {
      case 'number': {
        const n = Number(text);
        if (text.trim() !== '' && Number.isFinite(n) && n >= spec.min && n <= spec.max)
          values[spec.key] = n;
        else
          problems.push(
            `${spec.label} must be a number from ${spec.min} to ${spec.max}; using ${spec.default}`,
          );
        break;
      }
      case 'boolean':
        if (text === '1' || text === 'true') values[spec.key] = true;
        else if (text === '0' || text === 'false') values[spec.key] = false;
        else
          problems.push(
            `${spec.label} must be on (1) or off (0); using ${spec.default ? 'on' : 'off'}`,
          );
        break;
      case 'choice':
        if (spec.choices.some((c) => c.value === text)) values[spec.key] = text;
        else
          problems.push(
            `${spec.label} "${text.slice(0, 40)}" is not one of the choices; using the default`,
          );
        break;
      default: {
        const never: never = spec;
        problems.push(`unknown setting ${JSON.stringify(never)}`);
      }
    }
  }
  return { values, problems };
}

/** The settings that differ from their defaults, as URL query text. */
export function settingsToQuery(
  specs: readonly SettingSpec[],
  values: SettingValues,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const v = values[spec.key];
    if (v === undefined || v === spec.default) continue;
    out[spec.key] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  }
  return out;
}
