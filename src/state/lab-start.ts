/**
 * Starting a lab's run from what its link asks for: the scenario's settings, node count and
 * shared run, read and checked (with a notice for what had to be ignored), then the run
 * itself, one Web Worker per node, with the invariants of its protocols watched.
 */
import type { AnyInvariant } from '../engine/check/invariant';
import { createWorkerHost } from '../engine/host/worker-host';
import type { ProtocolActionSpec } from '../engine/protocol';
import { loadProtocols } from '../engine/protocols/registry';
import type { ScenarioEntry } from '../engine/scenarios';
import { readSettings, type SettingValues } from '../engine/scenarios/settings';
import { decodeActions } from '../engine/share/run-link';
import type { RecordedAction, SimAction } from '../engine/sim/actions';
import { describeAction } from '../engine/sim/action-words';
import { Simulation } from '../engine/sim/simulation';
import { countRange } from '../engine/words';

/** What a lab link asks for, read and checked. */
export interface LabRequest {
  readonly settings: SettingValues;
  /** The shared run's recorded actions (none when the link has none, or a broken one). */
  readonly actions: RecordedAction[];
  /** What was ignored and why, in words for the learner (null: nothing). */
  readonly notice: string | null;
}

/** Read a link's settings, node count and shared run (`run`, encoded) for a scenario. */
export function readLabRequest(
  entry: ScenarioEntry,
  link: {
    readonly nodes: number | null;
    readonly run: string | null;
    readonly settings: Readonly<Record<string, string>>;
  },
): LabRequest {
  let actions: RecordedAction[] = [];
  const notices: string[] = [];
  const settings = readSettings(entry.settings, link.settings);
  if (settings.problems.length)
    notices.push(`Some settings in this link were ignored: ${settings.problems.join('; ')}.`);
  if (link.nodes !== null && (link.nodes < entry.minNodes || link.nodes > entry.maxNodes)) {
    const used = Math.min(entry.maxNodes, Math.max(entry.minNodes, link.nodes));
    notices.push(
      `${entry.title} runs with ${countRange(entry.minNodes, entry.maxNodes, 'node')}, so this lab has ${used}, not ${link.nodes}.`,
    );
  }
  if (link.run) {
    const decoded = decodeActions(link.run);
    if (decoded.ok) {
      // Checked whole, up front: an action naming a node this lab does not have is said
      // now, not when the replay reaches it.
      const nodes =
        link.nodes === null
          ? {}
          : { nodes: Math.min(entry.maxNodes, Math.max(entry.minNodes, link.nodes)) };
      const ids = new Set(
        entry.build({ ...nodes, settings: settings.values }).nodes.map((n) => n.id),
      );
      const strangers: string[] = [];
      actions = decoded.actions.filter((a) => {
        const unknown = nodesNamed(a.action).filter((id) => !ids.has(id));
        if (unknown.length)
          strangers.push(
            `${describeAction(a.action)} (at ${a.time.toFixed(1)} ms) names ${unknown.map((id) => `"${id}"`).join(' and ')}, which this lab does not have`,
          );
        return unknown.length === 0;
      });
      const skipped = [...decoded.skipped, ...strangers];
      if (skipped.length)
        notices.push(
          `Part of the shared run in this link could not be used, so it was left out: ${skipped.join('; ')}. The rest of the run replays without it.`,
        );
    } else
      notices.push(
        `The shared run in this link could not be used — ${decoded.error}. Showing a fresh run of the scenario instead.`,
      );
  }
  return { settings: settings.values, actions, notice: notices.length ? notices.join(' ') : null };
}

/** The nodes an action names (none for those on the whole network or on a message). */
export function nodesNamed(action: SimAction): readonly string[] {
  switch (action.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'protocol':
    case 'isolate':
    case 'clock':
    case 'crash-lose-writes':
    case 'corrupt-disk':
      return [action.node];
    case 'cut':
    case 'uncut':
    case 'link':
      return [action.from, action.to];
    case 'partition':
      return action.groups.flat();
    case 'heal':
    case 'link-defaults':
    case 'drop-message':
    case 'duplicate-message':
    case 'delay-message':
    case 'hold-messages':
    case 'deliver-message':
      return [];
    default: {
      const never: never = action;
      return never;
    }
  }
}

/**
 * Start the run: load the scenario's protocols, boot one worker per node, replay `actions`
 * as their times come. Rejects when a protocol or a worker cannot load.
 */
export async function startRun(
  entry: ScenarioEntry,
  nodes: number | null,
  seed: number,
  request: LabRequest,
): Promise<{ sim: Simulation; protocolActions: Record<string, readonly ProtocolActionSpec[]> }> {
  const scenario = entry.build({
    ...(nodes === null ? {} : { nodes }),
    settings: request.settings,
  });
  const protocols = await loadProtocols(scenario.nodes.map((n) => n.protocol));
  const invariants: AnyInvariant[] = Object.values(protocols).flatMap((p) => [
    ...(p.invariants ?? []),
  ]);
  const sim = await Simulation.start({
    scenario,
    seed,
    host: createWorkerHost(),
    actions: request.actions,
    invariants,
  });
  const protocolActions = Object.fromEntries(
    Object.values(protocols).map((p) => [p.id, p.actions]),
  );
  return { sim, protocolActions };
}
