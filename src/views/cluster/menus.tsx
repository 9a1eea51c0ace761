/** The actions of one node or one message, opened by click or Enter; Escape closes. */
import { useEffect, useRef, type ReactNode } from 'react';
import {
  BUILTIN_LIST,
  whyUnavailable,
  type ActionDefinition,
  type ActionTarget,
  type Surface,
} from '../../engine/actions';
import type { FrameMessage, FrameNode } from '../../engine/sim/frame';
import { ActionButton } from '../actions/ActionButton';
import { ArgsForm } from '../actions/ArgsForm';
import { useActionContext, useProtocolDefinitions } from '../actions/use-actions';
import { VIEW_SIZE, type Point } from './geometry';

export function Popover({
  label,
  at,
  onClose,
  children,
}: {
  label: string;
  at: Point;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
  }, []);
  return (
    <div
      ref={ref}
      className="popover"
      role="group"
      aria-label={label}
      style={{ left: `${(at.x / VIEW_SIZE) * 100}%`, top: `${(at.y / VIEW_SIZE) * 100}%` }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="popover-title">{label}</div>
      {children}
      <button type="button" className="popover-close" onClick={onClose} aria-label="Close">
        ×
      </button>
    </div>
  );
}

/** The registry's actions offered on this surface, for this target (arg forms apart). */
export function surfaceActions(
  defs: readonly ActionDefinition[],
  surface: Surface,
  target: ActionTarget,
): ActionDefinition[] {
  return defs.filter((d) => d.surfaces.includes(surface) && d.appliesToTarget(target));
}

/** The buttons of one surface for one target: each says why when it is disabled. */
export function ActionButtons({
  defs,
  target,
  onDone,
}: {
  defs: readonly ActionDefinition[];
  target: ActionTarget;
  onDone: () => void;
}) {
  const ctx = useActionContext();
  return (
    <>
      {defs
        .filter((d) => d.args.length === 0 && d.isShown(target, ctx))
        .map((d) => (
          <ActionButton
            key={d.id}
            def={d}
            target={target}
            reason={whyUnavailable(d, target, ctx)}
            label={d.label(target, ctx)}
            onDone={onDone}
          />
        ))}
    </>
  );
}

export function NodeMenu({
  node,
  at,
  onClose,
}: {
  node: FrameNode;
  at: Point;
  onClose: () => void;
}) {
  const protocolDefs = useProtocolDefinitions();
  const ctx = useActionContext();
  const target: ActionTarget = { kind: 'node', node };
  const builtin = surfaceActions(BUILTIN_LIST, 'node-menu', target);
  const forms = builtin.filter((d) => d.args.length > 0);
  return (
    <Popover label={`Actions for ${node.id}`} at={at} onClose={onClose}>
      {node.error && (
        <p className="popover-error" role="status">
          {node.error}
        </p>
      )}
      <div className="popover-buttons">
        <ActionButtons defs={builtin} target={target} onDone={onClose} />
        {forms.map((d) => (
          <ArgsForm
            key={d.id}
            defs={[d]}
            target={target}
            ctx={ctx}
            className="clock-form"
            initial={d.draft(target)}
            onDone={onClose}
          />
        ))}
        <ActionButtons
          defs={surfaceActions(protocolDefs, 'node-menu', target)}
          target={target}
          onDone={onClose}
        />
      </div>
    </Popover>
  );
}

/**
 * A message's contents and actions. `message` is the message now, or null once it has left
 * the wire (delivered or lost while the menu was open: the learner pressed Play); the menu
 * then still shows what it was (`opened`) and says it is gone, instead of vanishing.
 */
export function MessageMenu({
  message: now,
  opened,
  pausedToChoose,
  at,
  onClose,
}: {
  message: FrameMessage | null;
  opened: FrameMessage;
  /** Opening this menu paused the run; closing it plays again. */
  pausedToChoose: boolean;
  at: Point;
  onClose: () => void;
}) {
  const ctx = useActionContext();
  const m = now ?? opened;
  const held = m.heldSince !== null;
  const target: ActionTarget = { kind: 'message', message: m };
  const defs = surfaceActions(BUILTIN_LIST, 'message-menu', target);
  const forms = defs.filter((d) => d.args.length > 0 && d.isShown(target, ctx));
  return (
    <Popover label={`${m.kind} from ${m.from} to ${m.to}`} at={at} onClose={onClose}>
      {pausedToChoose && (
        <p className="popover-note" role="status">
          Paused while you choose — closing this goes on playing.
        </p>
      )}
      <dl className="message-facts">
        <dt>sent</dt>
        <dd>{m.sentAt.toFixed(1)} ms</dd>
        <dt>{held ? 'arrived' : 'arrives'}</dt>
        <dd>{(held ? (m.heldSince ?? 0) : m.deliverAt).toFixed(1)} ms</dd>
      </dl>
      <pre className="message-payload">{JSON.stringify(m.payload, null, 1)}</pre>
      {now === null ? (
        <p className="popover-note" role="status">
          This message has left the wire: there is nothing left to do to it.
        </p>
      ) : (
        <div className="popover-buttons">
          <ActionButtons defs={defs} target={target} onDone={onClose} />
          {forms.map((d) => (
            <ArgsForm
              key={d.id}
              defs={[d]}
              target={target}
              ctx={ctx}
              className="clock-form"
              onDone={onClose}
            />
          ))}
        </div>
      )}
    </Popover>
  );
}
