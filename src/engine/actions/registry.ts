/**
 * The action registry: every built-in action, and the rules every surface applies to them
 * (is it allowed in this lesson step, can it run now and if not why). Surfaces never write
 * their own enable rule: they ask `whyUnavailable`.
 */
import type { SimAction } from '../sim/actions';
import { LINK_ACTIONS } from './link-actions';
import { MESSAGE_ACTIONS } from './message-actions';
import { NODE_ACTIONS } from './node-actions';
import { RUN_ACTIONS } from './run-actions';
import type {
  ActionContext,
  ActionDefinition,
  ActionTarget,
  AllowedActionId,
  Capabilities,
  FaultActionId,
  LabControl,
  RunActionId,
} from './types';

/** Each built-in action by id: the compiler checks that every id has one definition. */
export const BUILTIN_ACTIONS = {
  ...RUN_ACTIONS,
  ...NODE_ACTIONS,
  ...LINK_ACTIONS,
  ...MESSAGE_ACTIONS,
} satisfies Record<FaultActionId | RunActionId, ActionDefinition>;

/** The built-in actions in the order the palette and the shortcut list show them. */
export const BUILTIN_LIST: readonly ActionDefinition[] = Object.values(BUILTIN_ACTIONS);

export const ALL_CONTROLS: readonly LabControl[] = ['play', 'step', 'speed', 'timeline'];

export function allowsControl(allow: Capabilities | null, control: LabControl): boolean {
  return allow === null || allow.controls.includes(control);
}

/** May the learner use this action id now (a step may open every protocol action at once)? */
export function allowsRule(allow: Capabilities | null, id: AllowedActionId): boolean {
  if (allow === null) return true;
  if (allow.actions.includes(id)) return true;
  return id.startsWith('protocol:') && allow.actions.includes('protocol:*');
}

/** The action id a recorded action counts as, for allow-lists. */
export function actionIdOf(action: SimAction): AllowedActionId {
  switch (action.type) {
    case 'protocol':
      return `protocol:${action.action.id}`;
    case 'cut':
      return action.oneWay ? 'cut-one-way' : 'cut';
    // Setting every link at once is setting links (only lessons' setups and tests do it).
    case 'link-defaults':
      return 'link';
    default:
      return action.type;
  }
}

export function allowsAction(allow: Capabilities | null, action: SimAction): boolean {
  return allowsRule(allow, actionIdOf(action));
}

/** Whether the lesson step (or the lab) lets the learner use this definition now. */
export function isAllowed(def: ActionDefinition, ctx: ActionContext): boolean {
  if (def.control !== null) {
    if (def.capability === null) return !ctx.isLesson;
    return allowsControl(ctx.allow, def.capability);
  }
  return isRunId(def.id) ? true : allowsRule(ctx.allow, def.id);
}

const RUN_IDS: ReadonlySet<string> = new Set(Object.keys(RUN_ACTIONS));
const isRunId = (id: string): id is RunActionId => RUN_IDS.has(id);

/**
 * Why the action cannot run on this target now, as a sentence that starts with its label
 * ("Heal network: nothing is cut"), or null when it can. A disabled control says this as its
 * accessible description; a shortcut says it aloud.
 */
export function whyUnavailable(
  def: ActionDefinition,
  target: ActionTarget,
  ctx: ActionContext,
): string | null {
  const label = def.label(target, ctx);
  if (!def.appliesToTarget(target)) return `${label}: it does not apply to a ${target.kind}`;
  if (!ctx.ready && !def.whileStarting) return `${label}: the lab is still starting`;
  if (!isAllowed(def, ctx)) {
    return def.capability === null && def.control !== null
      ? `${label}: not in a lesson`
      : `${label}: not part of this step`;
  }
  const reason = def.unavailable(target, ctx);
  return reason === null ? null : `${label}: ${reason}`;
}
