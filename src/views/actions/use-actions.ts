/** Hooks that read the action registry against the store: one rule set for every surface. */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  protocolDefinitions,
  whyUnavailable,
  type ActionContext,
  type ActionDefinition,
  type ActionTarget,
} from '../../engine/actions';
import { contextOf } from '../../state/commands';
import { useLab } from '../../state/lab-store';

/** The availability context, re-read when the frame, the allow-list or the run state changes. */
export function useActionContext(): ActionContext {
  const [frame, allow, status, playing, mode] = useLab(
    useShallow((s) => [s.frame, s.allow, s.status, s.playing, s.mode] as const),
  );
  return useMemo(
    () => contextOf({ ...useLab.getState(), frame, allow, status, playing, mode }),
    [frame, allow, status, playing, mode],
  );
}

/**
 * Why a run-wide action is unavailable now, or null. A string selector: the toolbar does
 * not re-render on every frame, only when the answer changes.
 */
export function useRunReason(def: ActionDefinition): string | null {
  return useLab((s) => whyUnavailable(def, RUN, contextOf(s)));
}

/** The one run target (actions on the whole run or network). */
export const RUN: ActionTarget = { kind: 'run' };

/** The lab's protocol actions as definitions (rebuilt when the lab's protocols change). */
export function useProtocolDefinitions(): ActionDefinition[] {
  const byProtocol = useLab((s) => s.protocolActions);
  return useMemo(() => protocolDefinitions(byProtocol), [byProtocol]);
}
