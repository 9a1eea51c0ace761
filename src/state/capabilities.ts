/**
 * What the learner may do right now. The lab allows everything; a lesson step allows only
 * what the step is about (scaffolding), and its sandbox opens everything again. One rule
 * set serves the buttons (disabled when not allowed) and the controller (which refuses an
 * action that is not allowed, whoever sends it), so the two cannot disagree.
 */
import type { SimAction, SimActionType } from '../engine/sim/actions';

/** Run controls, beyond the actions on nodes, links and messages. */
export type LabControl = 'play' | 'step' | 'speed' | 'timeline';

/** A SimAction type, or one protocol action ('protocol:timeout'), or 'protocol:*'. */
export type ActionRule = SimActionType | `protocol:${string}`;

export interface Capabilities {
  readonly controls: readonly LabControl[];
  readonly actions: readonly ActionRule[];
}

export const ALL_CONTROLS: readonly LabControl[] = ['play', 'step', 'speed', 'timeline'];

/** Nothing at all: the run is frozen while a prediction waits for an answer. */
export const NOTHING: Capabilities = { controls: [], actions: [] };

export function allowsControl(allow: Capabilities | null, control: LabControl): boolean {
  return allow === null || allow.controls.includes(control);
}

export function allowsRule(allow: Capabilities | null, rule: ActionRule): boolean {
  if (allow === null) return true;
  if (allow.actions.includes(rule)) return true;
  return rule.startsWith('protocol:') && allow.actions.includes('protocol:*');
}

export function allowsAction(allow: Capabilities | null, action: SimAction): boolean {
  return action.type === 'protocol'
    ? allowsRule(allow, `protocol:${action.action.id}`)
    : allowsRule(allow, action.type);
}
