/** A link's actions: cut it (both ways or one way), restore it, and set its network properties. */
import {
  BUILTIN_ACTIONS,
  BUILTIN_LIST,
  currentLinkConfig,
  linkDraft,
  type ActionTarget,
} from '../../engine/actions';
import type { NodeId } from '../../engine/protocol';
import { ArgsForm } from '../actions/ArgsForm';
import { useActionContext } from '../actions/use-actions';
import type { Point } from './geometry';
import { ActionButtons, Popover, surfaceActions } from './menus';

interface Props {
  readonly a: NodeId;
  readonly b: NodeId;
  readonly at: Point;
  readonly onClose: () => void;
}

export function LinkMenu({ a, b, at, onClose }: Props) {
  const ctx = useActionContext();
  const target: ActionTarget = { kind: 'link', a, b };
  // One way is offered in each direction: the same action on the link read the other way.
  const reversed: ActionTarget = { kind: 'link', a: b, b: a };
  const oneWay = [BUILTIN_ACTIONS['cut-one-way']];
  const buttons = surfaceActions(BUILTIN_LIST, 'link-menu', target).filter(
    (d) => d.args.length === 0 && d.id !== 'cut-one-way',
  );
  const [both, ...rest] = buttons;
  // The form starts at the link's current settings (read once, when the menu opens).
  const frame = ctx.frame;
  const initial = frame
    ? linkDraft(currentLinkConfig(frame, a, b), currentLinkConfig(frame, b, a))
    : null;
  return (
    <Popover label={`Link ${a}–${b}`} at={at} onClose={onClose}>
      <div className="popover-buttons">
        <ActionButtons defs={both ? [both] : []} target={target} onDone={onClose} />
        <ActionButtons defs={oneWay} target={target} onDone={onClose} />
        <ActionButtons defs={oneWay} target={reversed} onDone={onClose} />
        <ActionButtons defs={rest} target={target} onDone={onClose} />
      </div>
      <ArgsForm
        defs={[BUILTIN_ACTIONS.link]}
        target={target}
        ctx={ctx}
        initial={initial}
        onDone={onClose}
      />
    </Popover>
  );
}
