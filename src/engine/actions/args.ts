/**
 * Argument specs: the form an action's arguments take, as data. One form component draws
 * any of them (the client consoles, the clock and link settings), and the same spec reads
 * what the learner typed into the values the recorded action carries.
 */
import type { Json } from '../protocol';

interface ArgBase {
  /** The key under which the value is recorded in the action's args. */
  readonly name: string;
  /** The field's accessible name, e.g. "Key" or "Latency (ms)". */
  readonly label: string;
  /** Recorded only when another argument has this value (a GET carries no value). */
  readonly onlyWhen?: { readonly arg: string; readonly is: string };
  /** Drawn after the form's buttons (an option of how, rather than what). */
  readonly afterButtons?: boolean;
}

/** A number, with its unit; `scale` turns what is typed into what is recorded (% → 0..1). */
export interface NumberArg extends ArgBase {
  readonly kind: 'number';
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  /** null: the field starts empty and an empty field records nothing ("unchanged"). */
  readonly default: number | null;
  readonly scale?: number;
  /** An empty field records null (e.g. bandwidth: unlimited) instead of nothing. */
  readonly emptyIsNull?: boolean;
  /**
   * The name of another number argument this one may not exceed: the start of a range
   * names its end ("from" ≤ "to"). Checked by readArgs, and said beside the field.
   */
  readonly atMost?: string;
}

/** One of a few values. `submits`: each option is a submit button (SET / GET). */
export interface ChoiceArg extends ArgBase {
  readonly kind: 'choice';
  readonly options: ReadonlyArray<{ readonly value: string; readonly label: string }>;
  readonly default: string;
  readonly submits?: boolean;
}

export interface TextArg extends ArgBase {
  readonly kind: 'text';
  readonly default: string;
  readonly required?: boolean;
  readonly size?: number;
}

/** One of the lab's servers (the nodes that are not clients). */
export interface NodeArg extends ArgBase {
  readonly kind: 'node';
  /** When set, the first option is "none" with this label, and none records nothing. */
  readonly noneLabel?: string;
}

/** Which node performs the action (a console over several clients picks one). Not recorded. */
export interface PerformerArg extends ArgBase {
  readonly kind: 'performer';
}

export interface FlagArg extends ArgBase {
  readonly kind: 'flag';
  /** Recorded as `on` when checked, as `off` when unchecked again; nothing while untouched. */
  readonly on: Json;
  readonly off: Json | null;
}

export type ArgSpec = NumberArg | ChoiceArg | TextArg | NodeArg | PerformerArg | FlagArg;

/** What a form holds: text for fields, booleans for checkboxes. */
export type ArgDraft = Readonly<Record<string, string | boolean>>;

/** The recorded arguments, or what is wrong with the draft (a sentence). */
export type ArgsResult =
  | { readonly ok: true; readonly args: Readonly<Record<string, Json>> }
  | { readonly ok: false; readonly error: string };

/** A draft with every field at its default. */
export function defaultDraft(specs: readonly ArgSpec[]): Record<string, string | boolean> {
  const draft: Record<string, string | boolean> = {};
  // A field with no default, and a checkbox, start untouched (absent): an untouched field
  // records nothing, so applying link settings changes only what the learner changed.
  for (const s of specs) {
    if (s.kind === 'number') {
      if (s.default !== null) draft[s.name] = String(s.default);
    } else if (s.kind === 'choice' || s.kind === 'text') draft[s.name] = s.default;
    else if (s.kind !== 'flag') draft[s.name] = '';
  }
  return draft;
}

/** What is wrong with a number field's text, in words; null when it is fine (or empty). */
function numberProblem(s: NumberArg, raw: string): string | null {
  if (raw === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n)) return `${s.label} must be a number`;
  if (s.min !== undefined && n < s.min) return `${s.label} must be at least ${s.min}`;
  if (s.max !== undefined && n > s.max) return `${s.label} must be at most ${s.max}`;
  return null;
}

/**
 * Every problem of a draft, keyed by the field it belongs beside, in words: a number out of
 * its bounds, or a range's start (`atMost`) above its end. What the form shows as it is typed.
 */
export function argProblems(specs: readonly ArgSpec[], draft: ArgDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  const text = (name: string) => {
    const v = draft[name];
    return typeof v === 'string' ? v.trim() : '';
  };
  for (const s of specs) {
    if (s.kind !== 'number') continue;
    const problem = numberProblem(s, text(s.name));
    if (problem !== null) problems[s.name] = problem;
  }
  for (const s of specs) {
    if (s.kind !== 'number' || s.atMost === undefined || problems[s.name]) continue;
    const end = specs.find((e) => e.name === s.atMost);
    const a = text(s.name);
    const b = text(s.atMost);
    if (end?.kind !== 'number' || a === '' || b === '' || problems[end.name]) continue;
    // "From (1000 ms)", not "From (ms) (1000)": the unit moves next to the value.
    const said = (spec: NumberArg, v: string) =>
      `${spec.label.replace(/ \([^)]*\)$/, '')} (${v}${spec.unit ? ` ${spec.unit}` : ''})`;
    if (Number(a) > Number(b))
      problems[s.name] = `${said(s, a)} cannot be more than ${said(end, b)}`;
  }
  return problems;
}

/** Read a draft into recorded arguments by the specs (unknown draft fields are ignored). */
export function readArgs(specs: readonly ArgSpec[], draft: ArgDraft): ArgsResult {
  const textOf = (v: string | boolean | undefined) => (typeof v === 'string' ? v : '');
  const active = specs.filter(
    (s) => !(s.onlyWhen && textOf(draft[s.onlyWhen.arg]) !== s.onlyWhen.is),
  );
  const problem = Object.values(argProblems(active, draft))[0];
  if (problem !== undefined) return { ok: false, error: problem };
  const args: Record<string, Json> = {};
  const text = (name: string) => {
    const v = draft[name];
    return typeof v === 'string' ? v : '';
  };
  for (const s of specs) {
    if (s.onlyWhen && text(s.onlyWhen.arg) !== s.onlyWhen.is) continue;
    switch (s.kind) {
      case 'number': {
        const raw = text(s.name).trim();
        if (raw === '') {
          if (s.emptyIsNull && s.name in draft) args[s.name] = null;
          continue;
        }
        // Bounds and ranges were checked above (argProblems).
        const n = Number(raw);
        args[s.name] = s.scale ? n * s.scale : n;
        break;
      }
      case 'choice': {
        const v = text(s.name) || s.default;
        if (!s.options.some((o) => o.value === v))
          return { ok: false, error: `${s.label} must be one of the choices` };
        args[s.name] = v;
        break;
      }
      case 'text': {
        const v = text(s.name);
        if (s.required && v === '') return { ok: false, error: `${s.label} is needed` };
        args[s.name] = v;
        break;
      }
      case 'node': {
        const v = text(s.name);
        if (v !== '') args[s.name] = v;
        else if (s.noneLabel === undefined) return { ok: false, error: `${s.label} is needed` };
        break;
      }
      case 'flag': {
        const touched = draft[s.name];
        const v = touched === undefined ? null : touched === true ? s.on : s.off;
        if (v !== null) args[s.name] = v;
        break;
      }
      case 'performer':
        break;
      default: {
        const never: never = s;
        throw new Error(`unknown argument kind ${JSON.stringify(never)}`);
      }
    }
  }
  return { ok: true, args };
}
