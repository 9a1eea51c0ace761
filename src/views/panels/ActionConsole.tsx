/**
 * The clients' consoles: one form per protocol whose actions take arguments (the Raft
 * client's "Send to server", the store clients' Write and Read), drawn from those actions'
 * argument specs. A console over several clients lets you pick one ("Clients"); over one, it
 * is named after it ("Client c1"). A console of servers' actions (a shard server's "Split
 * range") is named after the server ("Server s1"), and its node fields offer the other
 * servers, not the clients. Each request is a recorded action like any other.
 */
import { memo, useState } from 'react';
import type { ActionDefinition } from '../../engine/actions';
import type { FrameNode } from '../../engine/sim/frame';
import { useLab } from '../../state/lab-store';
import { ArgsForm } from '../actions/ArgsForm';
import { useActionContext, useProtocolDefinitions } from '../actions/use-actions';
import { RequestStatus } from './RequestStatus';

export const ClientConsoles = memo(function ClientConsoles() {
  const defs = useProtocolDefinitions();
  const protocols = useLab((s) => [...new Set(s.frame?.nodes.map((n) => n.protocol))].join(','));
  const consoles = (protocols ? protocols.split(',') : [])
    .map((protocol) => ({
      protocol,
      defs: defs.filter(
        (d) =>
          d.surfaces.includes('console') &&
          d.id.startsWith('protocol:') &&
          forProtocol(d, protocol),
      ),
    }))
    .filter((c) => c.defs.length > 0);
  return (
    <>
      {consoles.map((c) => (
        <ActionConsole key={c.protocol} protocol={c.protocol} defs={c.defs} />
      ))}
    </>
  );
});

/** Whether a protocol action's definition is this protocol's (it applies to its nodes). */
function forProtocol(def: ActionDefinition, protocol: string): boolean {
  const probe = { kind: 'node', node: { protocol } as FrameNode } as const;
  return def.appliesToTarget(probe);
}

function ActionConsole({
  protocol,
  defs,
}: {
  protocol: string;
  defs: readonly ActionDefinition[];
}) {
  const ctx = useActionContext();
  const [chosen, setChosen] = useState('');
  const nodes = ctx.frame?.nodes ?? [];
  const clients = nodes.filter((n) => n.protocol === protocol);
  const client = clients.find((c) => c.id === chosen) ?? clients[0];
  if (!client) return null;
  const ofClients = isClient(client);
  // A client's requests go to the nodes that are not this console's clients; a server's
  // actions name its fellow servers.
  const servers = nodes
    .filter((n) =>
      ofClients ? n.protocol !== protocol : n.protocol === protocol && n.id !== client.id,
    )
    .map((n) => n.id);
  const picksClient = defs.some((d) => d.args.some((a) => a.kind === 'performer'));
  const titleId = `console-${protocol}-title`;
  const view = client.view as { pending?: string | null; lastResult?: string | null } | null;
  return (
    <section className="panel client-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {picksClient ? 'Clients' : `${ofClients ? 'Client' : 'Server'} ${client.id}`}
      </h2>
      <ArgsForm
        defs={defs}
        target={{ kind: 'node', node: client }}
        ctx={ctx}
        servers={servers}
        performers={clients}
        onPerformer={setChosen}
      />
      <RequestStatus
        pending={view?.pending}
        lastResult={view?.lastResult}
        testId={`${protocol}-status`}
      />
    </section>
  );
}

/** Whether a node draws itself as a client (its view's role). */
function isClient(node: FrameNode): boolean {
  const view = node.view as { role?: unknown } | null;
  return view?.role === 'client';
}
