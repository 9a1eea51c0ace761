/**
 * The Multi-Paxos client: the Raft client itself (src/engine/protocols/raft/client.ts), under
 * its own id and with its own console. Servers speak its words (ClientRequest, ClientReply
 * with a leader hint), so it sends to any server, follows redirects to the leader, retries with
 * the same request number (each replica applies a request once), and records the same
 * Jepsen-style history the linearizability checker judges.
 */
import type { ProtocolActionSpec } from '../../../protocol';
import { RAFT_CLIENT_ACTIONS } from '../../raft/client-actions';
import { raftClient } from '../../raft/client';

/** Raft's client actions without the read-mode choice: every read goes through the log here. */
export const MULTI_PAXOS_CLIENT_ACTIONS: readonly ProtocolActionSpec[] = RAFT_CLIENT_ACTIONS.map(
  (a) => (a.args ? { ...a, args: a.args.filter((arg) => arg.name !== 'read') } : a),
);

export const multiPaxosClient = {
  ...raftClient,
  id: 'multi-paxos-client',
  title: 'Multi-Paxos client',
  actions: MULTI_PAXOS_CLIENT_ACTIONS,
};
