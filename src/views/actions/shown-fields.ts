/**
 * Which of a form's fields apply now: a field recorded only when another argument has a value
 * (`onlyWhen`) is hidden while the form's own choice of that argument says otherwise (the RPC
 * client's "New balance" and "If version" belong to a conditional set, not to a withdraw). When
 * the argument is chosen by the button pressed (a `submits` choice: Raft's SET/GET), the form
 * cannot know it yet, so the field stays.
 */
import type { ArgDraft, ArgSpec } from '../../engine/actions';

/** The fields to draw, in order, given what the draft holds now. */
export function shownFields(fields: readonly ArgSpec[], draft: ArgDraft): ArgSpec[] {
  return fields.filter((f) => {
    if (!f.onlyWhen) return true;
    const { arg, is } = f.onlyWhen;
    const chooser = fields.find((g) => g.name === arg);
    if (!chooser) return true;
    const value = draft[arg];
    return (typeof value === 'string' ? value : '') === is;
  });
}
