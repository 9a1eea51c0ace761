/**
 * How each SimAction changes the world: one place, used for live actions and for replay
 * alike, so a replayed run is the run that was recorded.
 */
import { describeLinkConfig, linkConfigProblems } from '../net/link';
import type { NodeId } from '../protocol';
import type { SimAction } from './actions';
import { hasLogTail } from './disk-faults';
import type { PendingCall, World } from './world';

/** Why an action cannot be applied now, in words for the learner; null when it can. */
export function actionProblem(world: World, action: SimAction): string | null {
  const needNode = (id: NodeId) => (world.hasNode(id) ? null : `there is no node "${id}"`);
  switch (action.type) {
    case 'crash':
      return (
        needNode(action.node) ??
        (world.node(action.node).status === 'crashed' ? `${action.node} is already down` : null)
      );
    case 'restart': {
      const problem = needNode(action.node);
      if (problem) return problem;
      const s = world.node(action.node).status;
      return s === 'crashed' || s === 'faulted'
        ? null
        : `${action.node} is running; crash it first`;
    }
    case 'pause':
      return (
        needNode(action.node) ??
        (world.node(action.node).status === 'up' ? null : `${action.node} is not running`)
      );
    case 'resume':
      return (
        needNode(action.node) ??
        (world.node(action.node).status === 'paused' ? null : `${action.node} is not paused`)
      );
    case 'protocol':
      return (
        needNode(action.node) ??
        (world.node(action.node).status === 'up' ? null : `${action.node} is not running`)
      );
    case 'cut':
    case 'uncut':
      return (
        needNode(action.from) ??
        needNode(action.to) ??
        (action.from === action.to ? 'a link joins two different nodes' : null)
      );
    case 'partition':
      for (const group of action.groups)
        for (const id of group) if (!world.hasNode(id)) return `there is no node "${id}"`;
      return null;
    case 'isolate':
      return needNode(action.node);
    case 'heal':
      return null;
    case 'link': {
      const problem = needNode(action.from) ?? needNode(action.to);
      if (problem) return problem;
      const problems = linkConfigProblems({
        ...world.network.config(action.from, action.to),
        ...action.config,
      });
      return problems.length ? problems.join('; ') : null;
    }
    case 'link-defaults': {
      const problems = linkConfigProblems({ ...world.network.defaultConfig(), ...action.config });
      return problems.length ? problems.join('; ') : null;
    }
    case 'clock':
      if (!Number.isFinite(action.skewMs)) return 'clock skew must be a number of ms';
      if (!(Number.isFinite(action.drift) && action.drift > -0.5 && action.drift < 0.5))
        return 'drift must be between -0.5 and 0.5';
      return needNode(action.node);
    case 'drop-message':
    case 'duplicate-message':
      return world.flight(action.msg) ? null : `message ${action.msg} is no longer in flight`;
    case 'delay-message': {
      if (!(Number.isFinite(action.byMs) && action.byMs > 0))
        return 'a delay must be a positive number of ms';
      const m = world.flight(action.msg);
      if (!m) return `message ${action.msg} is no longer in flight`;
      return m.heldSince === null ? null : `message ${action.msg} has arrived: deliver or drop it`;
    }
    case 'hold-messages':
      return world.holdMessages === action.on
        ? `hold mode is already ${action.on ? 'on' : 'off'}`
        : null;
    case 'deliver-message': {
      const m = world.flight(action.msg);
      if (!m) return `message ${action.msg} is no longer in flight`;
      return m.heldSince === null ? `message ${action.msg} is still on its way` : null;
    }
    case 'crash-lose-writes': {
      const problem = needNode(action.node);
      if (problem) return problem;
      const s = world.node(action.node).status;
      return s === 'crashed' || s === 'faulted' ? `${action.node} is already down` : null;
    }
    case 'corrupt-disk':
      return (
        needNode(action.node) ??
        (hasLogTail(world.node(action.node).persisted)
          ? null
          : `${action.node} has no log on its disk yet`)
      );
    default: {
      const never: never = action;
      return `unknown action ${JSON.stringify(never)}`;
    }
  }
}

export interface ActionOutcome {
  /** Handler calls the action needs (a restart boots; a protocol action runs a handler). */
  readonly calls: PendingCall[];
  /** The node whose volatile state must be destroyed in its host. */
  readonly kill: NodeId | null;
}

const nothing: ActionOutcome = { calls: [], kill: null };

function allPairs(world: World, node: NodeId): Array<readonly [NodeId, NodeId]> {
  const links: Array<readonly [NodeId, NodeId]> = [];
  for (const other of world.nodes) {
    if (other.id === node) continue;
    links.push([node, other.id], [other.id, node]);
  }
  return links;
}

/** Apply an action that actionProblem() accepted. */
export function applyAction(world: World, action: SimAction): ActionOutcome {
  switch (action.type) {
    case 'crash':
      world.crash(world.node(action.node));
      return { calls: [], kill: action.node };
    case 'restart':
      // A faulted node's host still holds its broken state: discard it before booting.
      return { calls: [world.restart(world.node(action.node))], kill: action.node };
    case 'pause':
      world.pause(world.node(action.node));
      return nothing;
    case 'resume':
      world.resume(world.node(action.node));
      return nothing;
    case 'protocol': {
      const node = world.node(action.node);
      return { calls: [world.protocolAction(node, action.action)], kill: null };
    }
    case 'cut': {
      const links: Array<readonly [NodeId, NodeId]> = [[action.from, action.to]];
      if (!action.oneWay) links.push([action.to, action.from]);
      world.cut(
        links,
        action.oneWay ? `cut ${action.from} → ${action.to}` : `cut ${action.from} ↔ ${action.to}`,
      );
      return nothing;
    }
    case 'uncut':
      world.network.restoreLink(action.from, action.to);
      if (!action.oneWay) world.network.restoreLink(action.to, action.from);
      world.note(
        action.oneWay
          ? `restored ${action.from} → ${action.to}`
          : `restored ${action.from} ↔ ${action.to}`,
      );
      return nothing;
    case 'partition': {
      const links: Array<readonly [NodeId, NodeId]> = [];
      action.groups.forEach((g, gi) =>
        action.groups.forEach((h, hi) => {
          if (gi !== hi) for (const a of g) for (const b of h) links.push([a, b]);
        }),
      );
      world.cut(links, `partition ${action.groups.map((g) => `{${g.join(', ')}}`).join(' | ')}`);
      return nothing;
    }
    case 'isolate':
      world.cut(allPairs(world, action.node), `isolated ${action.node}`);
      return nothing;
    case 'heal':
      world.network.heal();
      world.note('network healed');
      return nothing;
    case 'link':
      world.network.configure(action.from, action.to, action.config);
      world.note(`link ${action.from} → ${action.to}: ${describeLinkConfig(action.config)}`);
      return nothing;
    case 'link-defaults':
      world.network.setDefaults(action.config);
      world.note(`all links: ${describeLinkConfig(action.config)}`);
      return nothing;
    case 'clock':
      world.setClock(world.node(action.node), action.skewMs, action.drift);
      return nothing;
    case 'hold-messages':
      world.setHoldMessages(action.on);
      return nothing;
    case 'deliver-message': {
      const m = world.flight(action.msg);
      const result = m ? world.deliverHeld(m) : null;
      return { calls: result && result !== 'internal' ? [result] : [], kill: null };
    }
    case 'crash-lose-writes':
      world.crashLosingWrites(world.node(action.node));
      return { calls: [], kill: action.node };
    case 'corrupt-disk': {
      const node = world.node(action.node);
      const wasRunning = node.status !== 'crashed' && node.status !== 'faulted';
      world.corruptDisk(node);
      return { calls: [], kill: wasRunning ? action.node : null };
    }
    case 'drop-message':
    case 'duplicate-message':
    case 'delay-message': {
      const m = world.flight(action.msg);
      if (!m) return nothing;
      if (action.type === 'drop-message') world.interveneDrop(m);
      else if (action.type === 'duplicate-message') world.interveneDuplicate(m);
      else world.interveneDelay(m, action.byMs);
      return nothing;
    }
    default: {
      const never: never = action;
      throw new Error(`unknown action ${JSON.stringify(never)}`);
    }
  }
}
