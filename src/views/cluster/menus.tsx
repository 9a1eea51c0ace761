/** The actions of one node or one message, opened by click or Enter; Escape closes. */
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
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
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    keepInWindow(el);
    const onResize = () => keepInWindow(el);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [at.x, at.y]);
  // Focus moves into the menu without scrolling: keepInWindow has placed it inside the
  // column that clips it, and a scroll would leave the stage moved after the menu closes.
  useEffect(() => {
    ref.current
      ?.querySelector<HTMLButtonElement>('button:not([disabled])')
      ?.focus({ preventScroll: true });
  }, []);
  // The button that had focus can go (a message left the wire, an action ran): focus falls
  // to the page, and Escape must still close the menu from there.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const at = document.activeElement;
      if (at === null || at === document.body) close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
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

/** The gap (CSS px) a popover keeps from the window's edges. */
const EDGE_PX = 8;

/**
 * Moves a popover (centred under the point it belongs to) so that it is seen whole: inside
 * the window and inside every box around it that clips (the stage's column scrolls on its
 * own, and a menu past its foot could not be scrolled to). Sideways first; then below the
 * point, else above it, else as low as it fits. A node at the edge of a phone's screen put
 * its menu, Close button and all, off screen before. A menu taller than the room scrolls
 * inside. Sets the CSS variables `--popover-dx` and `--popover-dy` (px) that `.popover` reads.
 */
function keepInWindow(el: HTMLElement): void {
  el.style.removeProperty('--popover-dx');
  el.style.removeProperty('--popover-dy');
  el.style.removeProperty('max-height');
  el.style.removeProperty('overflow-y');
  let box = el.getBoundingClientRect();
  let left = 0;
  let top = 0;
  let right = document.documentElement.clientWidth;
  let bottom = document.documentElement.clientHeight;
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const style = getComputedStyle(a);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const clip = a.getBoundingClientRect();
    left = Math.max(left, clip.left + a.clientLeft);
    top = Math.max(top, clip.top + a.clientTop);
    right = Math.min(right, clip.left + a.clientLeft + a.clientWidth);
    bottom = Math.min(bottom, clip.top + a.clientTop + a.clientHeight);
  }
  // Taller than the room it has (a Raft server's menu on a laptop): it scrolls inside.
  const room = bottom - top - 2 * EDGE_PX;
  if (box.height > room && room > 0) {
    el.style.maxHeight = `${room}px`;
    el.style.overflowY = 'auto';
    box = el.getBoundingClientRect();
  }
  let dx = 0;
  if (box.right > right - EDGE_PX) dx = right - EDGE_PX - box.right;
  if (box.left + dx < left + EDGE_PX) dx = left + EDGE_PX - box.left;
  if (dx !== 0) el.style.setProperty('--popover-dx', `${dx}px`);
  // The point is 12 px above the box's top (the default --popover-dy).
  const pointY = box.top - 12;
  if (box.bottom <= bottom - EDGE_PX) return;
  const above = pointY - 12 - box.height;
  const y = above >= top + EDGE_PX ? above : Math.max(top + EDGE_PX, bottom - EDGE_PX - box.height);
  el.style.setProperty('--popover-dy', `${y - pointY}px`);
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
  const isGone = now === null;
  // Its buttons go when it leaves the wire: keep the focus in the menu, on Close.
  useEffect(() => {
    if (!isGone || document.activeElement !== document.body) return;
    document.querySelector<HTMLButtonElement>('.popover .popover-close')?.focus({
      preventScroll: true,
    });
  }, [isGone]);
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
