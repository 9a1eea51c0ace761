/**
 * A button for one registry action on one target: its label, its enabled state and, when
 * disabled, why — as its accessible description (and a tooltip), from the same rule the
 * keyboard and the palette use.
 */
import { useId, type ReactNode } from 'react';
import type { ActionDefinition, ActionTarget } from '../../engine/actions';
import type { Json } from '../../engine/protocol';
import { perform, type ActionSource } from '../../state/commands';

export function ActionButton({
  def,
  target,
  reason,
  label,
  args,
  source = 'menu',
  type = 'button',
  onDone,
  onRun,
  pressed,
  children,
}: {
  readonly def: ActionDefinition;
  readonly target: ActionTarget;
  /** Why it is unavailable (from `whyUnavailable`), or null. */
  readonly reason: string | null;
  readonly label?: string;
  readonly args?: Readonly<Record<string, Json>>;
  readonly source?: ActionSource;
  /** 'submit': the form's own onSubmit runs it (Enter in a field). */
  readonly type?: 'button' | 'submit';
  readonly onDone?: () => void;
  /** Run it some other way (a form reads its fields first). */
  readonly onRun?: () => void;
  readonly pressed?: boolean;
  readonly children?: ReactNode;
}) {
  const id = useId();
  return (
    <>
      <button
        type={type}
        disabled={reason !== null}
        title={reason ?? def.description}
        aria-describedby={reason === null ? undefined : id}
        aria-keyshortcuts={def.shortcut ? def.shortcut.shown : undefined}
        {...(pressed === undefined ? {} : { 'aria-pressed': pressed })}
        onClick={
          type === 'submit'
            ? undefined
            : onRun
              ? onRun
              : () => {
                  void perform(def, target, args, source);
                  onDone?.();
                }
        }
      >
        {children ?? label ?? def.title}
      </button>
      {reason !== null && (
        <span id={id} hidden>
          {reason}
        </span>
      )}
    </>
  );
}
