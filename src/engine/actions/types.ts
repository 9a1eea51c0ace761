/**
 * The shape of a user action, defined once (as Excalidraw's actions are): its id, its
 * accessible label, what it applies to, its shortcut, how it is recorded, its argument form,
 * and when it is unavailable and why. Menus, the toolbar, the keyboard, the command palette,
 * lesson allow-lists and the share-link schema all read these definitions. DOM-free: the
 * engine, lessons and tests import it without React.
 */
import type { Json, NodeId } from '../protocol';
import type { SimAction } from '../sim/actions';
import type { Frame, FrameMessage, FrameNode } from '../sim/frame';
import type { ArgSpec } from './args';

/** Actions on nodes, links, messages and the network: each records one kind of SimAction. */
export type FaultActionId =
  | 'crash'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'isolate'
  | 'clock'
  | 'cut'
  | 'cut-one-way'
  | 'uncut'
  | 'link'
  | 'partition'
  | 'heal'
  | 'hold-messages'
  | 'drop-message'
  | 'duplicate-message'
  | 'delay-message'
  | 'deliver-message'
  | 'crash-lose-writes'
  | 'corrupt-disk';

/** A protocol's own action, by the id its protocol module gives it ('protocol:timeout'). */
export type ProtocolActionId = `protocol:${string}`;

/** What a lesson step's allow-list names: recorded actions, one protocol action, or all of them. */
export type AllowedActionId = FaultActionId | ProtocolActionId;

/** Run controls: they steer the run and are not recorded. */
export type RunActionId = 'play' | 'step' | 'step-back' | 'speed' | 'reset' | 'seed' | 'seek';

export type ActionId = AllowedActionId | RunActionId;

/** The run controls a lesson step may open (the Timeline is `seek`'s control). */
export type LabControl = 'play' | 'step' | 'speed' | 'timeline';

/** What the learner may do right now; null (in the context) = everything. */
export interface Capabilities {
  readonly controls: readonly LabControl[];
  readonly actions: readonly AllowedActionId[];
}

export type TargetKind = 'run' | 'node' | 'link' | 'message';

export type ActionTarget =
  | { readonly kind: 'run' }
  | { readonly kind: 'node'; readonly node: FrameNode }
  | { readonly kind: 'link'; readonly a: NodeId; readonly b: NodeId }
  | { readonly kind: 'message'; readonly message: FrameMessage };

export type TargetOf<K extends TargetKind> = Extract<ActionTarget, { kind: K }>;

/** The lab state availability is judged on (a plain snapshot of the store). */
export interface ActionContext {
  readonly frame: Frame | null;
  readonly allow: Capabilities | null;
  readonly ready: boolean;
  readonly playing: boolean;
  readonly isLesson: boolean;
}

/** Where an action is offered, besides the command palette and the keyboard. */
export type Surface =
  | 'node-menu'
  | 'link-menu'
  | 'message-menu'
  | 'toolbar'
  | 'partition-tool'
  | 'timeline'
  | 'console'
  /** A family's own panel collects its arguments (`ProtocolActionSpec.panel`). */
  | 'family-panel';

/** A key that runs the action on the selected target (a single key, no modifier). */
export interface Shortcut {
  /** As KeyboardEvent.key reports it, lower case for letters (' ' for Space). */
  readonly key: string;
  /** As shown to the learner, e.g. "C" or "Space". */
  readonly shown: string;
}

/** How a run control acts: the views' layer maps these to the lab controller. */
export type RunControl = 'play-pause' | 'step' | 'step-back' | 'speed' | 'reset' | 'seed' | 'seek';

/** An action's definition as written, typed by the kind of target it applies to. */
export interface DefinitionSpec<K extends TargetKind> {
  readonly id: ActionId;
  /** The accessible name of its button, and its name in the palette and shortcut list. */
  readonly title: string;
  readonly appliesTo: K;
  /** The button's name when it depends on the target or state ("Cut n1 → n2", "Pause"). */
  readonly label?: (target: TargetOf<K>, ctx: ActionContext) => string;
  readonly description: string;
  /** More words the palette's filter matches. */
  readonly keywords?: readonly string[];
  readonly shortcut?: Shortcut;
  readonly surfaces: readonly Surface[];
  readonly args?: readonly ArgSpec[];
  /** Offered at all for this target now (a "Deliver now" only on a held message). */
  readonly isShown?: (target: TargetOf<K>, ctx: ActionContext) => boolean;
  /** Why it cannot run now (without the label: "nothing is cut"), or null when it can. */
  readonly unavailable?: (target: TargetOf<K>, ctx: ActionContext) => string | null;
  /** Only some targets of its kind (a protocol's action: that protocol's nodes). */
  readonly fits?: (target: TargetOf<K>) => boolean;
  /** The form's starting values when they depend on the target (a node's current skew). */
  readonly draft?: (target: TargetOf<K>) => Record<string, string | boolean>;
  /** The recorded action(s), from the target, the arguments the arg specs read, the state. */
  readonly record?: (
    target: TargetOf<K>,
    args: Readonly<Record<string, Json>>,
    ctx: ActionContext,
  ) => SimAction[];
  /** It can be used while the lab is still starting (Speed, Seed: they change no run). */
  readonly whileStarting?: boolean;
  /** Offered in the command palette (false when it needs input the palette cannot take). */
  readonly inPalette?: boolean;
  /** A run control instead of a recorded action. */
  readonly control?: RunControl;
  /** The lesson capability that opens a run control; null: never in a lesson (Seed, Reset). */
  readonly capability?: LabControl | null;
}

/**
 * A definition as the registry holds it: the target is checked at run time (a node action
 * given a link is simply not for it), so one list can hold actions on every kind of target.
 */
export interface ActionDefinition {
  readonly id: ActionId;
  readonly title: string;
  readonly appliesTo: TargetKind;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly shortcut: Shortcut | null;
  readonly surfaces: readonly Surface[];
  readonly args: readonly ArgSpec[];
  readonly control: RunControl | null;
  readonly capability: LabControl | null;
  readonly whileStarting: boolean;
  readonly inPalette: boolean;
  /** Whether this target is one the action applies to. */
  appliesToTarget(target: ActionTarget): boolean;
  label(target: ActionTarget, ctx: ActionContext): string;
  isShown(target: ActionTarget, ctx: ActionContext): boolean;
  unavailable(target: ActionTarget, ctx: ActionContext): string | null;
  draft(target: ActionTarget): Record<string, string | boolean> | null;
  /** Recorded actions, or null for a run control (or a target it does not apply to). */
  record(
    target: ActionTarget,
    args: Readonly<Record<string, Json>>,
    ctx: ActionContext,
  ): SimAction[] | null;
}

/** Erase a typed spec into a registry definition. */
export function define<K extends TargetKind>(spec: DefinitionSpec<K>): ActionDefinition {
  const fits = (t: ActionTarget): t is TargetOf<K> =>
    t.kind === spec.appliesTo && (spec.fits?.(t as TargetOf<K>) ?? true);
  return {
    id: spec.id,
    title: spec.title,
    appliesTo: spec.appliesTo,
    description: spec.description,
    keywords: spec.keywords ?? [],
    shortcut: spec.shortcut ?? null,
    surfaces: spec.surfaces,
    args: spec.args ?? [],
    control: spec.control ?? null,
    capability: spec.capability ?? null,
    whileStarting: spec.whileStarting ?? false,
    inPalette: spec.inPalette ?? true,
    appliesToTarget: fits,
    label: (t, ctx) => (fits(t) && spec.label ? spec.label(t, ctx) : spec.title),
    isShown: (t, ctx) => fits(t) && (spec.isShown?.(t, ctx) ?? true),
    unavailable: (t, ctx) =>
      fits(t) ? (spec.unavailable?.(t, ctx) ?? null) : `it does not apply to a ${t.kind}`,
    draft: (t) => (fits(t) && spec.draft ? spec.draft(t) : null),
    record: (t, args, ctx) => (fits(t) && spec.record ? spec.record(t, args, ctx) : null),
  };
}
