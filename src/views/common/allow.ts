/** Hooks for the buttons: may the learner use this now (always, outside lessons)? */
import {
  allowsControl,
  allowsRule,
  type ActionRule,
  type LabControl,
} from '../../state/capabilities';
import { useLab } from '../../state/lab-store';

export const useControlAllowed = (control: LabControl) =>
  useLab((s) => allowsControl(s.allow, control));

export const useActionAllowed = (rule: ActionRule) => useLab((s) => allowsRule(s.allow, rule));

/** A function answering for many rules at once (one subscription for a whole menu). */
export function useAllow(): (rule: ActionRule) => boolean {
  const allow = useLab((s) => s.allow);
  return (rule) => allowsRule(allow, rule);
}
