/** Which node the ring's controls act on, and the controls as rendered, disabled with reasons. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { protocolDefinitions, type ActionContext } from '../../../engine/actions';
import type { FrameNode } from '../../../engine/sim/frame';
import { fixtureSummary } from './fixture';
import { RingControlsView } from './RingControls';
import { controlPlans } from './ring-controls-model';

const server = (id: string): FrameNode =>
  ({
    id,
    protocol: 'ring-server',
    role: 'server',
    status: 'up',
    view: null,
  }) as unknown as FrameNode;

const defs = protocolDefinitions({
  'ring-server': [
    { id: 'join', label: 'Add to ring', description: 'd' },
    { id: 'leave', label: 'Remove from ring', description: 'd' },
    {
      id: 'set-vnodes',
      label: 'Set virtual nodes',
      description: 'd',
      takesArgs: true,
      panel: true,
    },
    { id: 'set-placement', label: 'Set placement', description: 'd', takesArgs: true, panel: true },
  ],
});

describe('ring controls', () => {
  const base = fixtureSummary({ servers: 5 });
  // n5 is a spare: up, not a member.
  const ring = {
    ...base,
    servers: base.servers.map((s) => (s.node === 'n5' ? { ...s, member: false } : s)),
  };
  const nodes = ring.servers.map((s) => server(s.node));

  it('adds the first spare, removes the selected member (else the last), asks the up member with the newest view to change the ring', () => {
    const p = controlPlans(ring, defs, nodes, 'n2');
    expect('node' in p.add && p.add.node).toBe('n5');
    expect('node' in p.remove && p.remove.node).toBe('n2');
    // n1 lags (version 3 of 4) and n2 is down: n3 is the first up member with the newest view.
    expect('node' in p.vnodes && p.vnodes.node).toBe('n3');
    const q = controlPlans(ring, defs, nodes, 'n5');
    expect('node' in q.remove && q.remove.node).toBe('n4');
  });

  it('says why in words when there is no spare, or one server is left', () => {
    const full = { ...base, servers: base.servers.slice(0, 1) };
    const p = controlPlans(full, defs, nodes, null);
    expect('why' in p.add && p.add.why).toBe('no spare server is left to add');
    expect('why' in p.remove && p.remove.why).toBe('the ring would be left without a server');
  });

  it('renders a Placement combobox, the slider 1–256 with its value in words, and the buttons', () => {
    const ctx: ActionContext = {
      frame: null,
      allow: null,
      ready: true,
      playing: false,
      isLesson: false,
    };
    const plans = controlPlans(ring, defs, nodes, null);
    const html = renderToStaticMarkup(<RingControlsView ring={ring} plans={plans} ctx={ctx} />);
    expect(html).toContain('aria-label="Ring controls"');
    expect(html).toMatch(/<span>Placement<\/span><select[^>]*>/);
    expect(html).toContain(
      '<option value="ring-vnodes" selected="">ring with virtual nodes</option>',
    );
    expect(html).toMatch(/type="range" min="1" max="256" step="1"[^>]*value="8"/);
    expect(html).toContain('aria-valuetext="8 virtual nodes per server"');
    expect(html).toContain('Add server brings in n5. Remove server takes out n4');
    expect(html).not.toContain('disabled=""');
  });
});
