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
      /** One sentence the form shows beside the field: what the setting does, and why. */
      readonly help?: string;
      readonly min: number;
      readonly max: number;
      readonly default: number;
      readonly unit?: string;
      /**
       * The key of another number setting this one may not exceed: the start of a range
       * names its end ("Election timeout from" ≤ "Election timeout to"). A start above its
       * end leaves nothing to draw from (issue 12, item 10), so the form and a link refuse it.
       */
      readonly atMost?: string;
    }
  | {
      readonly key: string;
      readonly label: string;
      readonly kind: 'boolean';
      /** One sentence the form shows beside the field: what the setting does, and why. */
      readonly help?: string;
      readonly default: boolean;
    }
  | {
      readonly key: string;
      readonly label: string;
      readonly kind: 'choice';
      /** One sentence the form shows beside the field: what the setting does, and why. */
      readonly help?: string;
      readonly choices: ReadonlyArray<{ readonly value: string; readonly label: string }>;
      readonly default: string;
    };

export type SettingValue = number | boolean | string;

/**
 * A warning about a combination of settings that runs but will not behave (a heartbeat
 * slower than the election timeout), in words, shown beside the setting `key`. Unlike a
 * problem it does not stop Apply: the learner may want to watch it go wrong.
 */
export interface SettingWarning {
  readonly key: string;
  readonly text: string;
}
export type SettingValues = Readonly<Record<string, SettingValue>>;

export interface ReadSettings {
  readonly values: SettingValues;
  readonly problems: readonly string[];
}

/** A number setting's spec. */
export type NumberSettingSpec = Extract<SettingSpec, { kind: 'number' }>;
type NumberSpec = NumberSettingSpec;

/**
 * A setting's value as a number in a scenario's `build`: values arrive typed from the lab and
 * as text from a lesson, a suite or a URL; anything not a finite number gives `fallback`.
 */
export function settingNumber(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : fallback;
}

/**
 * A number setting from the shape every one has: its key (in the URL), its label (in the
 * form), the range `[min, max]` a value must fall in and its default; `more` adds a unit,
 * the one-sentence help or the setting it may not exceed. E.g.
 * `numberSetting('heartbeat', 'Heartbeat interval', [5, 2000], 50, { unit: 'ms' })`.
 */
export function numberSetting(
  key: string,
  label: string,
  [min, max]: readonly [min: number, max: number],
  fallback: number,
  more: Pick<NumberSpec, 'unit' | 'help' | 'atMost'> = {},
): NumberSettingSpec {
  return { key, label, kind: 'number', min, max, default: fallback, ...more };
}

const withUnit = (spec: NumberSpec, n: number) => `${n}${spec.unit ? ` ${spec.unit}` : ''}`;

/** What is wrong with one number setting's value, in words; null when it is fine. */
export function numberSettingProblem(spec: NumberSpec, value: number): string | null {
  return Number.isFinite(value) && value >= spec.min && value <= spec.max
    ? null
    : `${spec.label} must be a number from ${spec.min} to ${withUnit(spec, spec.max)}`;
}

/**
 * Each broken relation between settings (a range's start above its end), keyed by the
 * start's key, in words. Only pairs whose values are both numbers are judged.
 */
export function relationProblems(
  specs: readonly SettingSpec[],
  values: Readonly<Record<string, SettingValue | undefined>>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const spec of specs) {
    if (spec.kind !== 'number' || spec.atMost === undefined) continue;
    const end = specs.find((s) => s.key === spec.atMost);
    const a = values[spec.key] ?? spec.default;
    if (end?.kind !== 'number') continue;
    const b = values[end.key] ?? end.default;
    if (typeof a === 'number' && typeof b === 'number' && a > b)
      problems[spec.key] =
        `${spec.label} (${withUnit(spec, a)}) cannot be more than ${end.label} (${withUnit(end, b)})`;
  }
  return problems;
}

/**
 * Everything wrong with a set of values (each number in its bounds, each range in order),
 * keyed by the setting it belongs beside, in words: what the settings form shows.
 */
export function settingsProblems(
  specs: readonly SettingSpec[],
  values: Readonly<Record<string, SettingValue | undefined>>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const spec of specs) {
    const v = values[spec.key];
    if (spec.kind !== 'number' || v === undefined) continue;
    const problem = numberSettingProblem(spec, typeof v === 'number' ? v : Number.NaN);
    if (problem !== null) problems[spec.key] = problem;
  }
  for (const [key, problem] of Object.entries(relationProblems(specs, values)))
    problems[key] ??= problem;
  return problems;
}

/**
 * Read settings as a URL gives them. Each value is checked against its spec, then each
 * relation (a range's start at most its end); what fails falls back to its default, and
 * the problems say why in words.
 */
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
        const problem = numberSettingProblem(spec, text.trim() === '' ? Number.NaN : n);
        if (problem === null) values[spec.key] = n;
        else problems.push(`${problem}; using ${withUnit(spec, spec.default)}`);
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
  for (const [key, problem] of Object.entries(relationProblems(specs, values))) {
    const start = specs.find((s) => s.key === key);
    const end = start?.kind === 'number' ? specs.find((s) => s.key === start.atMost) : undefined;
    if (start?.kind !== 'number' || end?.kind !== 'number') continue;
    values[start.key] = start.default;
    values[end.key] = end.default;
    problems.push(
      `${problem}; using ${withUnit(start, start.default)} to ${withUnit(end, end.default)}`,
    );
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
