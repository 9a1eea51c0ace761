/**
 * Running a registry action, from wherever it was asked for: a menu, the toolbar, the
 * keyboard, the command palette or a console. The rules (allowed? available?) come from the
 * registry; this file only turns a definition into controller calls, and says why when it
 * cannot. No React here: the views' hooks call it.
 */
import { labHash } from '../app/router';
import {
  BUILTIN_LIST,
  protocolDefinitions,
  whyUnavailable,
  type ActionContext,
  type ActionDefinition,
  type ActionTarget,
} from '../engine/actions';
import type { Json } from '../engine/protocol';
import { scenarioEntry } from '../engine/scenarios';
import { settingsToQuery } from '../engine/scenarios/settings';
import { act, pause, play, reset, seekTo, setSpeed, step, stepBack } from './lab-controller';
import { useLab, type LabState, type Selected } from './lab-store';

/** Where a request came from (kept for the narration of a refusal, as Excalidraw logs it). */
export type ActionSource = 'menu' | 'toolbar' | 'keyboard' | 'palette' | 'console';

/** The availability context from the store's state. */
export function contextOf(s: LabState): ActionContext {
  return {
    frame: s.frame,
    allow: s.allow,
    ready: s.status === 'ready',
    playing: s.playing,
    isLesson: s.mode === 'lesson',
  };
}

/** Every action of this lab: the built-in ones and its protocols' own. */
export function labDefinitions(s: LabState): ActionDefinition[] {
  return [...BUILTIN_LIST, ...protocolDefinitions(s.protocolActions)];
}

/** The selected target with its current state, or null when it is gone (a delivered message). */
export function resolveSelected(s: LabState, selected: Selected = s.selected): ActionTarget | null {
  if (!selected || !s.frame) return null;
  switch (selected.kind) {
    case 'node': {
      const node = s.frame.nodes.find((n) => n.id === selected.id);
      return node ? { kind: 'node', node } : null;
    }
    case 'message': {
      const message = s.frame.inFlight.find((m) => m.id === selected.id);
      return message ? { kind: 'message', message } : null;
    }
    case 'link':
      return { kind: 'link', a: selected.a, b: selected.b };
    default: {
      const never: never = selected;
      throw new Error(`unknown selection ${JSON.stringify(never)}`);
    }
  }
}

/** Remember what shortcuts and the palette act on. */
export function select(selected: Selected): void {
  const now = useLab.getState().selected;
  if (JSON.stringify(now) !== JSON.stringify(selected)) useLab.setState({ selected });
}

/** Say why something did not happen (the lab's notice line, a polite live region). */
export function explain(reason: string): void {
  useLab.setState({ notice: reason });
}

/**
 * Run `def` on `target` with `args` (already read by its arg specs). Resolves true when it
 * ran; false (with the reason shown) when it is unavailable.
 */
export async function perform(
  def: ActionDefinition,
  target: ActionTarget,
  args: Readonly<Record<string, Json>> = {},
  source: ActionSource = 'menu',
): Promise<boolean> {
  const state = useLab.getState();
  const ctx = contextOf(state);
  const reason = whyUnavailable(def, target, ctx);
  if (reason !== null) {
    // A disabled button already says why; a key or the palette says it out loud.
    if (source === 'keyboard' || source === 'palette') explain(reason);
    return false;
  }
  if (def.control !== null) return runControl(def, args, ctx);
  const actions = def.record(target, args, ctx) ?? [];
  for (const action of actions) if (!(await act(action))) return false;
  return true;
}

async function runControl(
  def: ActionDefinition,
  args: Readonly<Record<string, Json>>,
  ctx: ActionContext,
): Promise<boolean> {
  const number = (name: string) => {
    const v = args[name];
    return typeof v === 'number' ? v : null;
  };
  switch (def.control) {
    case 'play-pause':
      if (ctx.playing) pause();
      else play();
      return true;
    case 'step':
      await step();
      return true;
    case 'step-back':
      await stepBack();
      return true;
    case 'speed': {
      const speed = number('speed');
      if (speed !== null) setSpeed(speed);
      return speed !== null;
    }
    case 'reset':
      await reset();
      return true;
    case 'seed': {
      const seed = number('seed');
      return seed !== null && changeSeed(seed);
    }
    case 'seek': {
      const time = number('time');
      if (time !== null) await seekTo(time);
      return time !== null;
    }
    case null:
      return false;
    default: {
      const never: never = def.control;
      throw new Error(`unknown control ${String(never)}`);
    }
  }
}

/** Restart the lab with another seed: the URL is the source of truth, so change the hash. */
function changeSeed(next: number): boolean {
  const { scenarioId, nodeCount, settings, seed } = useLab.getState();
  if (next === seed) return false;
  const specs = scenarioEntry(scenarioId)?.settings ?? [];
  window.location.hash = labHash(
    scenarioId,
    next,
    nodeCount,
    null,
    settingsToQuery(specs, settings),
  );
  return true;
}
