/**
 * A protocol's own actions (Raft's Timeout, a client's requests) as definitions of the same
 * shape as the faults: the protocol module lists them as data (`ProtocolActionSpec`), with
 * their argument specs and shortcut; here they become node actions for that protocol's nodes.
 */
import type { ProtocolActionSpec } from '../protocol';
import { define, type ActionDefinition, type ProtocolActionId } from './types';

/** The allow-list id of a protocol action. */
export const protocolActionId = (id: string): ProtocolActionId => `protocol:${id}`;

/** Why `spec` does not apply to a node with this view model (its `unavailableWhen`), or null. */
export function unavailableByView(
  spec: ProtocolActionSpec,
  nodeId: string,
  view: unknown,
): string | null {
  if (!spec.unavailableWhen || view === null || typeof view !== 'object') return null;
  const fields = view as Readonly<Record<string, unknown>>;
  const hit = spec.unavailableWhen.find((w) => fields[w.field] === w.is);
  return hit ? hit.reason.replaceAll('{node}', nodeId) : null;
}

/** The definition of one action of protocol `protocolId`. */
export function protocolActionDefinition(
  protocolId: string,
  spec: ProtocolActionSpec,
): ActionDefinition {
  const takesArgs = spec.takesArgs === true || (spec.args?.length ?? 0) > 0;
  return define({
    id: protocolActionId(spec.id),
    title: spec.label,
    appliesTo: 'node',
    description: spec.description,
    ...(spec.shortcut
      ? { shortcut: { key: spec.shortcut.toLowerCase(), shown: spec.shortcut } }
      : {}),
    // Actions with arguments have a console that collects them, unless the family's own panel
    // does (`panel`); the rest are menu buttons.
    surfaces: spec.panel === true ? ['family-panel'] : takesArgs ? ['console'] : ['node-menu'],
    inPalette: !takesArgs,
    args: spec.args ?? [],
    fits: ({ node }) => node.protocol === protocolId,
    unavailable: ({ node }) =>
      node.status === 'up'
        ? unavailableByView(spec, node.id, node.view)
        : `${node.id} is ${node.status}`,
    record: ({ node }, args) => [
      {
        type: 'protocol',
        node: node.id,
        action: takesArgs ? { id: spec.id, args } : { id: spec.id },
      },
    ],
  });
}

/** Every protocol action of a lab, from each protocol's list (by protocol id). */
export function protocolDefinitions(
  byProtocol: Readonly<Record<string, readonly ProtocolActionSpec[]>>,
): ActionDefinition[] {
  return Object.entries(byProtocol).flatMap(([protocolId, specs]) =>
    specs.map((spec) => protocolActionDefinition(protocolId, spec)),
  );
}
