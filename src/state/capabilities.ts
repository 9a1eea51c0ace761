/**
 * What the learner may do right now. The lab allows everything; a lesson step allows only
 * what the step is about (scaffolding), and its sandbox opens everything again. One rule
 * set serves the buttons (disabled when not allowed) and the controller (which refuses an
 * action that is not allowed, whoever sends it), so the two cannot disagree. The rules and
 * the ids they name live with the action registry (`engine/actions`).
 */
import type { Capabilities } from '../engine/actions';

export {
  ALL_CONTROLS,
  allowsAction,
  allowsControl,
  allowsRule,
  type AllowedActionId,
  type Capabilities,
  type LabControl,
} from '../engine/actions';

/** A rule a step's allow-list may name (a typed action id). */
export type { AllowedActionId as ActionRule } from '../engine/actions';

/** Nothing at all: the run is frozen while a prediction waits for an answer. */
export const NOTHING: Capabilities = { controls: [], actions: [] };
