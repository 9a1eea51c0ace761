/**
 * One form for any actions' arguments, drawn from their argument specs: the client consoles
 * (Raft's SET/GET, the store's Write/Read), a node's clock and a link's settings. Fields that
 * several actions share appear once; a `submits` choice becomes one button per option.
 */
import { useId, useState, type FormEvent } from 'react';
import {
  argProblems,
  defaultDraft,
  readArgs,
  whyUnavailable,
  type ActionContext,
  type ActionDefinition,
  type ActionTarget,
  type ArgSpec,
} from '../../engine/actions';
import type { Json } from '../../engine/protocol';
import type { FrameNode } from '../../engine/sim/frame';
import { perform } from '../../state/commands';
import { ActionButton } from './ActionButton';
import { shownFields } from './shown-fields';

/** One button of the form: an action, with the fixed arguments its button stands for. */
interface FormButton {
  readonly def: ActionDefinition;
  readonly label: string;
  readonly fixed: Readonly<Record<string, string>>;
}

function buttonsOf(defs: readonly ActionDefinition[], target: ActionTarget, ctx: ActionContext) {
  return defs.flatMap((def): FormButton[] => {
    const submits = def.args.find((a) => a.kind === 'choice' && a.submits);
    if (submits?.kind === 'choice')
      return submits.options.map((o) => ({
        def,
        label: o.label,
        fixed: { [submits.name]: o.value },
      }));
    return [{ def, label: def.label(target, ctx), fixed: {} }];
  });
}

/** The fields, once each, in the order the actions list them (buttons' choices excluded). */
function fieldsOf(defs: readonly ActionDefinition[]): ArgSpec[] {
  const seen = new Set<string>();
  const fields: ArgSpec[] = [];
  for (const spec of defs.flatMap((d) => d.args)) {
    if (seen.has(spec.name) || (spec.kind === 'choice' && spec.submits)) continue;
    seen.add(spec.name);
    fields.push(spec);
  }
  return fields;
}

export interface ArgsFormProps {
  readonly defs: readonly ActionDefinition[];
  readonly target: ActionTarget;
  readonly ctx: ActionContext;
  /** The nodes a `node` field offers (the servers, or the replicas). */
  readonly servers?: readonly string[];
  /** The nodes a `performer` field offers, and the one chosen. */
  readonly performers?: readonly FrameNode[];
  readonly onPerformer?: (id: string) => void;
  readonly className?: string;
  readonly initial?: Record<string, string | boolean> | null;
  readonly onDone?: () => void;
}

export function ArgsForm({
  defs,
  target,
  ctx,
  servers = [],
  performers = [],
  onPerformer,
  className = 'settings-form',
  initial,
  onDone,
}: ArgsFormProps) {
  const fields = fieldsOf(defs);
  const [draft, setDraft] = useState(() => ({ ...defaultDraft(fields), ...initial }));
  // A node field without "none" always names a server: the first, until one is chosen.
  const resolved = { ...draft };
  for (const f of fields) {
    if (f.kind === 'node' && f.noneLabel === undefined && !servers.includes(String(draft[f.name])))
      resolved[f.name] = servers[0] ?? '';
  }
  const buttons = buttonsOf(defs, target, ctx);
  // Each field's problem (a bound, a range's start above its end), said beside it as typed:
  // only the fields that apply to what is chosen (a withdraw has no "New balance").
  const shown = shownFields(fields, resolved);
  const problems = argProblems(shown, resolved);
  const ids = useId();
  const argsFor = (b: FormButton) => readArgs(b.def.args, { ...resolved, ...b.fixed });
  const reasonFor = (b: FormButton) => {
    const why = whyUnavailable(b.def, target, ctx);
    if (why !== null) return why;
    const args = argsFor(b);
    return args.ok ? null : `${b.label}: ${args.error}`;
  };
  const run = (b: FormButton | undefined) => {
    if (!b) return;
    const args = argsFor(b);
    if (!args.ok || reasonFor(b) !== null) return;
    void perform(b.def, target, args.args as Readonly<Record<string, Json>>, 'console');
    onDone?.();
  };
  const field = (f: ArgSpec) => (
    <Field
      key={f.name}
      spec={f}
      value={f.kind === 'performer' ? (performerId(target) ?? '') : resolved[f.name]}
      servers={servers}
      performers={performers}
      problem={problems[f.name] ?? null}
      problemId={`${ids}-${f.name}-error`}
      onChange={(v) =>
        f.kind === 'performer' ? onPerformer?.(String(v)) : setDraft({ ...draft, [f.name]: v })
      }
    />
  );
  return (
    <form
      className={className}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        run(buttons[0]);
      }}
    >
      {shown.filter((f) => !f.afterButtons).map(field)}
      <div className="popover-buttons">
        {buttons.map((b, i) => (
          <ActionButton
            key={`${b.def.id}-${b.label}`}
            def={b.def}
            target={target}
            reason={reasonFor(b)}
            label={b.label}
            source="console"
            {...(i === 0 ? { type: 'submit' as const } : {})}
            onRun={() => run(b)}
          />
        ))}
      </div>
      {shown.filter((f) => f.afterButtons).map(field)}
    </form>
  );
}

const performerId = (t: ActionTarget) => (t.kind === 'node' ? t.node.id : null);

/** A field, with its problem in words under it (and named as its description) when it has one. */
function Field(props: FieldProps & { problem: string | null; problemId: string }) {
  const { problem, problemId, ...field } = props;
  // The input keeps its place whether or not a problem shows, so typing never loses focus.
  return (
    <>
      <FieldInput {...field} {...(problem === null ? {} : { invalidBy: problemId })} />
      {problem !== null && (
        <span className="field-error" id={problemId}>
          {problem}.
        </span>
      )}
    </>
  );
}

interface FieldProps {
  spec: ArgSpec;
  value: string | boolean | undefined;
  servers: readonly string[];
  performers: readonly FrameNode[];
  onChange: (value: string | boolean) => void;
  /** The id of the words saying what is wrong with the value, if anything is. */
  invalidBy?: string;
}

function FieldInput({ spec, value, servers, performers, onChange, invalidBy }: FieldProps) {
  const invalid = invalidBy ? { 'aria-invalid': true, 'aria-describedby': invalidBy } : {};
  const text = typeof value === 'string' ? value : '';
  switch (spec.kind) {
    case 'flag':
      return (
        <label className="settings-check">
          <input
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
          />
          <span>{spec.label}</span>
        </label>
      );
    case 'number':
      return (
        <label>
          <span>{spec.label}</span>
          <input
            type="number"
            step="any"
            {...(spec.min === undefined ? {} : { min: spec.min })}
            {...(spec.max === undefined ? {} : { max: spec.max })}
            value={text}
            {...invalid}
            placeholder={spec.default === null ? 'unchanged' : undefined}
            onChange={(e) => onChange(e.target.value)}
          />
        </label>
      );
    case 'text':
      return (
        <label>
          <span>{spec.label}</span>
          <input value={text} size={spec.size} onChange={(e) => onChange(e.target.value)} />
        </label>
      );
    case 'choice':
    case 'node':
    case 'performer': {
      const options =
        spec.kind === 'choice'
          ? spec.options
          : spec.kind === 'performer'
            ? performers.map((n) => ({ value: n.id, label: n.id }))
            : [
                ...(spec.noneLabel === undefined ? [] : [{ value: '', label: spec.noneLabel }]),
                ...servers.map((id) => ({ value: id, label: id })),
              ];
      return (
        <label>
          <span>{spec.label}</span>
          <select value={text} onChange={(e) => onChange(e.target.value)}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      );
    }
    default: {
      const never: never = spec;
      throw new Error(`unknown argument kind ${JSON.stringify(never)}`);
    }
  }
}
