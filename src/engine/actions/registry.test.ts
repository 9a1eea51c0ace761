/**
 * Walks the action registry: every action has an accessible name and a surface that renders
 * it, and every recorded action it builds survives a share link unchanged (so a run replays).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LESSONS, loadLesson } from '../../lessons/catalogue';
import { DEFAULT_LINK } from '../net/link';
import { loadProtocols, protocolIds } from '../protocols/registry';
import { decodeActions, encodeActions } from '../share/run-link';
import type { RecordedAction } from '../sim/actions';
import type { FrameMessage, FrameNode } from '../sim/frame';
import {
  actionIdOf,
  BUILTIN_ACTIONS,
  BUILTIN_LIST,
  defaultDraft,
  linkDraft,
  protocolDefinitions,
  readArgs,
  whyUnavailable,
  type ActionContext,
  type ActionDefinition,
  type ActionTarget,
  type Surface,
} from '.';

const node = (
  id: string,
  protocol = 'some-protocol',
  status: FrameNode['status'] = 'up',
): FrameNode => ({
  id,
  protocol,
  role: 'follower',
  status,
  view: null,
  incarnation: 0,
  error: null,
  localTime: 0,
  skewMs: 5,
  drift: 0,
  timers: [],
  persisted: undefined,
});
const message: FrameMessage = {
  id: 7,
  from: 'n1',
  to: 'n2',
  kind: 'RequestVote',
  sentAt: 1,
  departAt: 1,
  deliverAt: 9,
  heldSince: 4,
  lostAt: null,
  payload: null,
  duplicateOf: null,
};
const ctx: ActionContext = {
  frame: {
    time: 10,
    steps: 3,
    branch: 0,
    holdMessages: true,
    traceLength: 0,
    nodes: [node('n1'), node('n2'), node('n3', 'some-protocol', 'crashed')],
    inFlight: [message],
    cut: [['n1', 'n2']],
    linkDefaults: DEFAULT_LINK,
    links: [],
    events: [],
    checks: [],
  },
  allow: null,
  ready: true,
  playing: true,
  isLesson: false,
};

/** A target of the kind the action applies to (a crashed node for Restart). */
function sampleTarget(def: ActionDefinition, protocol = 'some-protocol'): ActionTarget {
  switch (def.appliesTo) {
    case 'node':
      return { kind: 'node', node: node(def.id === 'restart' ? 'n3' : 'n1', protocol) };
    case 'link':
      return { kind: 'link', a: 'n1', b: 'n2' };
    case 'message':
      return { kind: 'message', message };
    case 'run':
      return { kind: 'run' };
  }
}

/** Arguments as the form would read them from its defaults, with the choices a partition needs. */
function sampleArgs(def: ActionDefinition) {
  const draft = { ...defaultDraft(def.args), key: 'x', value: '1', server: 'n1' };
  const read = readArgs(def.args, draft);
  if (!read.ok) throw new Error(`${def.id}: ${read.error}`);
  return def.id === 'partition' ? { inside: ['n1'], outside: ['n2', 'n3'] } : read.args;
}

/** The files that render each surface, and what they must name to read it from the registry. */
const SURFACE_FILES: Record<Surface, { file: string; reads: RegExp }> = {
  'node-menu': { file: 'src/views/cluster/menus.tsx', reads: /'node-menu'/ },
  'message-menu': { file: 'src/views/cluster/menus.tsx', reads: /'message-menu'/ },
  'link-menu': { file: 'src/views/cluster/LinkMenu.tsx', reads: /'link-menu'/ },
  toolbar: { file: 'src/views/controls/Controls.tsx', reads: /BUILTIN_ACTIONS/ },
  'partition-tool': { file: 'src/views/controls/PartitionTool.tsx', reads: /BUILTIN_ACTIONS/ },
  timeline: { file: 'src/views/timeline/Timeline.tsx', reads: /'timeline'/ },
  console: { file: 'src/views/panels/ActionConsole.tsx', reads: /'console'/ },
  'family-panel': { file: 'src/views/panels/types.ts', reads: /'family-panel'/ },
};

function roundTrips(def: ActionDefinition, target: ActionTarget): void {
  const built = def.record(target, sampleArgs(def), ctx);
  expect(built, def.id).not.toBeNull();
  const recorded: RecordedAction[] = (built ?? []).map((action, i) => ({
    afterStep: 3,
    time: 10 + i,
    action,
  }));
  expect(recorded.length, `${def.id} records something`).toBeGreaterThan(0);
  for (const r of recorded) expect(actionIdOf(r.action)).toBe(def.id);
  const decoded = decodeActions(encodeActions(recorded));
  if (!decoded.ok) throw new Error(`${def.id}: ${decoded.error}`);
  expect(decoded.actions).toEqual(recorded);
}

describe('the action registry', () => {
  it.each(BUILTIN_LIST.map((d) => [d.id, d] as const))(
    '%s has a name, a surface that renders it, and a share-link round trip',
    (id, def) => {
      expect(BUILTIN_ACTIONS[id as keyof typeof BUILTIN_ACTIONS]).toBe(def);
      expect(def.title.trim()).not.toBe('');
      expect(def.label(sampleTarget(def), ctx).trim()).not.toBe('');
      expect(def.description.trim()).not.toBe('');
      expect(def.surfaces.length).toBeGreaterThan(0);
      for (const surface of def.surfaces) {
        const { file, reads } = SURFACE_FILES[surface];
        expect(readFileSync(file, 'utf8'), `${file} reads ${surface}`).toMatch(reads);
      }
      if (def.control === null) roundTrips(def, sampleTarget(def));
      else expect(def.record(sampleTarget(def), {}, ctx)).toBeNull();
    },
  );

  it('gives every protocol action a name, a surface and a share-link round trip', async () => {
    const protocols = await loadProtocols(protocolIds());
    const byProtocol = Object.fromEntries(
      Object.entries(protocols).map(([id, p]) => [id, p.actions]),
    );
    const defs = protocolDefinitions(byProtocol);
    expect(defs.length).toBeGreaterThan(5);
    for (const [protocolId, specs] of Object.entries(byProtocol)) {
      for (const spec of specs) {
        const def = defs.find(
          (d) =>
            d.id === `protocol:${spec.id}` &&
            d.appliesToTarget({ kind: 'node', node: node('n1', protocolId) }),
        );
        if (!def) throw new Error(`no definition for ${protocolId}:${spec.id}`);
        expect(def.title).toBe(spec.label);
        expect(def.surfaces.length).toBeGreaterThan(0);
        // It applies to its own protocol's nodes only.
        expect(def.appliesToTarget({ kind: 'node', node: node('n1', 'no-such') })).toBe(false);
        roundTrips(def, sampleTarget(def, protocolId));
      }
    }
  });

  it('leaves an action whose family panel collects its arguments out of the generic console', () => {
    const spec = {
      id: 'set-size',
      label: 'Set size',
      description: 'd',
      args: [{ kind: 'number', name: 'size', label: 'Size', min: 1, max: 9, default: 1 }],
    } as const;
    const [inConsole, inPanel] = protocolDefinitions({ a: [spec], b: [{ ...spec, panel: true }] });
    expect(inConsole?.surfaces).toEqual(['console']);
    expect(inPanel?.surfaces).toEqual(['family-panel']);
    expect(inPanel?.inPalette).toBe(false);
  });

  it('records the delay the learner chose, and a share link carries it', () => {
    const delay = BUILTIN_ACTIONS['delay-message'];
    const moving = { kind: 'message', message: { ...message, heldSince: null } } as const;
    const read = readArgs(delay.args, { byMs: '2500' });
    if (!read.ok) throw new Error(read.error);
    const built = delay.record(moving, read.args, ctx) ?? [];
    expect(built).toEqual([{ type: 'delay-message', msg: 7, byMs: 2500 }]);
    const recorded = built.map((action) => ({ afterStep: 3, time: 10, action }));
    const decoded = decodeActions(encodeActions(recorded));
    expect(decoded.ok && decoded.actions).toEqual(recorded);
    // Bad amounts are refused in words; the palette (no form) delays by the default.
    expect(readArgs(delay.args, { byMs: '0' })).toEqual({
      ok: false,
      error: 'Delay by (ms) must be at least 1',
    });
    expect(readArgs(delay.args, { byMs: 'soon' })).toEqual({
      ok: false,
      error: 'Delay by (ms) must be a number',
    });
    expect(delay.record(moving, {}, ctx)).toEqual([{ type: 'delay-message', msg: 7, byMs: 100 }]);
  });

  it('starts the link form at the link’s settings and records only what changed', () => {
    const link = BUILTIN_ACTIONS.link;
    const lossy = { ...DEFAULT_LINK, loss: 0.07, ordering: 'fifo' as const };
    const frame = ctx.frame && {
      ...ctx.frame,
      links: [
        { from: 'n1', to: 'n2', config: lossy },
        { from: 'n2', to: 'n1', config: { ...lossy, latencyMs: 50 } },
      ],
    };
    const here = { ...ctx, frame };
    const draft = linkDraft(lossy, { ...lossy, latencyMs: 50 });
    // Latency differs between the two ways: its field starts empty; the rest show the values.
    expect(draft).toEqual({
      jitterMs: '10',
      loss: '7',
      duplicate: '0',
      reorder: '0',
      ordering: true,
    });
    const read = readArgs(link.args, { ...draft, jitterMs: '40' });
    if (!read.ok) throw new Error(read.error);
    const target = { kind: 'link', a: 'n1', b: 'n2' } as const;
    expect(link.record(target, read.args, here)).toEqual([
      { type: 'link', from: 'n1', to: 'n2', config: { jitterMs: 40 } },
      { type: 'link', from: 'n2', to: 'n1', config: { jitterMs: 40 } },
    ]);
  });

  it('says why an action is unavailable, starting with its name', () => {
    const calm = { ...ctx, frame: ctx.frame && { ...ctx.frame, cut: [] } };
    expect(whyUnavailable(BUILTIN_ACTIONS.heal, { kind: 'run' }, calm)).toBe(
      'Heal network: nothing is cut',
    );
    expect(whyUnavailable(BUILTIN_ACTIONS.heal, { kind: 'run' }, ctx)).toBeNull();
    const up = { kind: 'node', node: node('n1') } as const;
    expect(whyUnavailable(BUILTIN_ACTIONS.restart, up, ctx)).toBe('Restart: n1 is not down');
    const lesson: ActionContext = {
      ...ctx,
      isLesson: true,
      allow: { controls: [], actions: ['restart'] },
    };
    expect(whyUnavailable(BUILTIN_ACTIONS.crash, up, lesson)).toBe('Crash: not part of this step');
    expect(whyUnavailable(BUILTIN_ACTIONS.step, { kind: 'run' }, lesson)).toBe(
      'Step: not part of this step',
    );
    expect(whyUnavailable(BUILTIN_ACTIONS.reset, { kind: 'run' }, lesson)).toBe(
      'Reset: not in a lesson',
    );
  });

  it('knows every protocol action a lesson step allows', async () => {
    const protocols = await loadProtocols(protocolIds());
    const known = new Set(
      Object.values(protocols).flatMap((p) => p.actions.map((a) => `protocol:${a.id}`)),
    );
    known.add('protocol:*');
    for (const meta of LESSONS) {
      const lesson = await loadLesson(meta.id);
      for (const step of lesson.steps) {
        for (const id of step.allow.actions) {
          if (id.startsWith('protocol:')) expect(known, `${meta.id}/${step.id}`).toContain(id);
        }
      }
    }
  });
});
