/** Faults on one link, and on the whole network: cut, restore, settings, partition, heal, hold. */
import type { LinkConfig } from '../net/link';
import type { NodeId } from '../protocol';
import type { Frame } from '../sim/frame';
import type { ActionContext } from './types';
import { define } from './types';

const isCut = (ctx: ActionContext, from: NodeId, to: NodeId) =>
  ctx.frame?.cut.some(([f, t]) => f === from && t === to) ?? false;

// No upper bound in the form: the engine refuses a probability over 100% and says why.
const percent = (name: string, label: string) =>
  ({ name, label, kind: 'number', unit: '%', min: 0, default: null, scale: 0.01 }) as const;

/** The settings of the directed link from → to in this frame. */
export function currentLinkConfig(frame: Frame, from: NodeId, to: NodeId): LinkConfig {
  return frame.links.find((l) => l.from === from && l.to === to)?.config ?? frame.linkDefaults;
}

/**
 * The settings the learner changed: the form starts at the link's current values, so a field
 * left as it was (the same both ways now) is not recorded, and the narration names only what
 * changed.
 */
function changedSettings(
  args: Partial<LinkConfig>,
  frame: Frame | null,
  a: NodeId,
  b: NodeId,
): Partial<LinkConfig> {
  if (!frame) return args;
  const there = currentLinkConfig(frame, a, b);
  const back = currentLinkConfig(frame, b, a);
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args) as Array<[keyof LinkConfig, unknown]>)
    if (!(there[k] === v && back[k] === v)) changed[k] = v;
  return changed as Partial<LinkConfig>;
}

/** A number as a form shows it, without float noise (0.07 × 100 → "7"). */
const shown = (n: number) => String(Number(n.toPrecision(12)));

/**
 * The link form's starting values: the link's current settings, where both directions
 * share them. A field where the two directions differ starts empty, so applying the form
 * leaves each direction its own value unless the learner types one.
 */
export function linkDraft(there: LinkConfig, back: LinkConfig): Record<string, string | boolean> {
  const draft: Record<string, string | boolean> = {};
  const same = <K extends keyof LinkConfig>(k: K) => there[k] === back[k];
  if (same('latencyMs')) draft.latencyMs = shown(there.latencyMs);
  if (same('jitterMs')) draft.jitterMs = shown(there.jitterMs);
  if (same('loss')) draft.loss = shown(there.loss * 100);
  if (same('duplicate')) draft.duplicate = shown(there.duplicate * 100);
  if (same('reorder')) draft.reorder = shown(there.reorder * 100);
  // Unlimited bandwidth is the empty field; a checkbox left as it was records nothing.
  if (same('bandwidthBytesPerMs') && there.bandwidthBytesPerMs !== null)
    draft.bandwidthBytesPerMs = shown(there.bandwidthBytesPerMs);
  if (same('ordering') && there.ordering === 'fifo') draft.ordering = true;
  return draft;
}

export const LINK_ACTIONS = {
  cut: define({
    id: 'cut',
    title: 'Cut both ways',
    appliesTo: 'link',
    description: 'Cut the link in both directions: nothing gets through.',
    keywords: ['partition', 'sever'],
    surfaces: ['link-menu'],
    unavailable: ({ a, b }, ctx) =>
      isCut(ctx, a, b) && isCut(ctx, b, a) ? 'the link is already cut both ways' : null,
    record: ({ a, b }) => [{ type: 'cut', from: a, to: b, oneWay: false }],
  }),
  'cut-one-way': define({
    id: 'cut-one-way',
    title: 'Cut one way',
    appliesTo: 'link',
    label: ({ a, b }) => `Cut ${a} → ${b}`,
    description: 'Cut the link in one direction only: the other way still works.',
    keywords: ['asymmetric', 'partition'],
    surfaces: ['link-menu'],
    unavailable: ({ a, b }, ctx) => (isCut(ctx, a, b) ? `${a} → ${b} is already cut` : null),
    record: ({ a, b }) => [{ type: 'cut', from: a, to: b, oneWay: true }],
  }),
  uncut: define({
    id: 'uncut',
    title: 'Restore link',
    appliesTo: 'link',
    description: 'Reconnect the link in both directions.',
    keywords: ['heal', 'reconnect'],
    surfaces: ['link-menu'],
    unavailable: ({ a, b }, ctx) =>
      isCut(ctx, a, b) || isCut(ctx, b, a) ? null : 'the link is not cut',
    record: ({ a, b }) => [{ type: 'uncut', from: a, to: b, oneWay: false }],
  }),
  link: define({
    id: 'link',
    title: 'Apply to this link',
    appliesTo: 'link',
    description: 'Set the link’s latency, jitter, loss, duplication, reordering and bandwidth.',
    keywords: ['latency', 'loss', 'jitter', 'bandwidth', 'settings'],
    surfaces: ['link-menu'],
    inPalette: false,
    args: [
      {
        name: 'latencyMs',
        label: 'Latency (ms)',
        kind: 'number',
        unit: 'ms',
        min: 0,
        default: null,
      },
      { name: 'jitterMs', label: 'Jitter (ms)', kind: 'number', unit: 'ms', min: 0, default: null },
      percent('loss', 'Loss (%)'),
      percent('duplicate', 'Duplication (%)'),
      percent('reorder', 'Reordering (%)'),
      {
        name: 'bandwidthBytesPerMs',
        label: 'Bandwidth (bytes/ms, empty = unlimited)',
        kind: 'number',
        unit: 'bytes/ms',
        min: 0,
        default: null,
        emptyIsNull: true,
      },
      { name: 'ordering', label: 'FIFO (never reorder)', kind: 'flag', on: 'fifo', off: 'any' },
    ],
    // Both directions get the same settings: a link's two ways are one cable.
    record: ({ a, b }, args, ctx) => {
      const config = changedSettings(args as Partial<LinkConfig>, ctx.frame, a, b);
      return [
        { type: 'link', from: a, to: b, config },
        { type: 'link', from: b, to: a, config },
      ];
    },
  }),
  partition: define({
    id: 'partition',
    title: 'Split them off',
    appliesTo: 'run',
    description: 'Partition the network: cut every link between the chosen nodes and the rest.',
    keywords: ['partition the network', 'split brain'],
    surfaces: ['partition-tool'],
    inPalette: false,
    record: (_, args) => {
      const side = (key: string) =>
        Array.isArray(args[key]) ? args[key].filter((x) => typeof x === 'string') : [];
      return [{ type: 'partition', groups: [side('inside'), side('outside')] }];
    },
  }),
  heal: define({
    id: 'heal',
    title: 'Heal network',
    appliesTo: 'run',
    description: 'Remove every partition and cut: every link works again.',
    keywords: ['restore', 'reconnect', 'partition'],
    surfaces: ['toolbar'],
    unavailable: (_, ctx) => ((ctx.frame?.cut.length ?? 0) > 0 ? null : 'nothing is cut'),
    record: () => [{ type: 'heal' }],
  }),
  'hold-messages': define({
    id: 'hold-messages',
    title: 'Hold messages',
    appliesTo: 'run',
    description: 'Arriving messages wait until you deliver them by hand',
    keywords: ['deliver by hand', 'manual'],
    surfaces: ['toolbar'],
    record: (_, __, ctx) => [{ type: 'hold-messages', on: !(ctx.frame?.holdMessages ?? false) }],
  }),
};
