/**
 * The key-value clients' console: pick a client, a key and (for a write) a value, and which
 * replica to send to; the request is a recorded action like any other.
 */
import { memo, useState } from 'react';
import type { Json } from '../../../engine/protocol';
import type { KvClientView } from '../../../engine/protocols/kv/types';
import { act } from '../../../state/lab-controller';
import { useLab } from '../../../state/lab-store';
import { useAllow } from '../../common/allow';
import { kvReplicas } from './ReplicaTable';
import { RequestStatus } from '../RequestStatus';

export const KvConsole = memo(function KvConsole() {
  const frame = useLab((s) => s.frame);
  const can = useAllow();
  const [clientId, setClientId] = useState('');
  const [key, setKey] = useState('x');
  const [value, setValue] = useState('1');
  const [to, setTo] = useState('');
  const clients = frame?.nodes.filter((n) => n.protocol === 'kv-client') ?? [];
  if (!frame || clients.length === 0) return null;
  const client = clients.find((c) => c.id === clientId) ?? clients[0];
  if (!client) return null;
  const replicas = kvReplicas(frame.nodes).map((n) => n.id);
  const view = client.view as KvClientView | null;
  const send = (id: 'write' | 'read') => {
    const args: Record<string, Json> = id === 'write' ? { key, value } : { key };
    if (to) args.to = to;
    void act({ type: 'protocol', node: client.id, action: { id, args } });
  };
  const disabled = client.status !== 'up';
  return (
    <section className="panel client-panel" aria-labelledby="kv-console-title">
      <h2 id="kv-console-title">Clients</h2>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          send('write');
        }}
      >
        <label>
          <span>Client</span>
          <select
            aria-label="Client"
            value={client.id}
            onChange={(e) => setClientId(e.target.value)}
          >
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Replica</span>
          <select aria-label="Replica" value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">its nearest</option>
            {replicas.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Key</span>
          <input aria-label="Key" value={key} onChange={(e) => setKey(e.target.value)} />
        </label>
        <label>
          <span>Value</span>
          <input aria-label="Value" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <div className="popover-buttons">
          <button type="submit" disabled={disabled || !key || !can('protocol:write')}>
            Write
          </button>
          <button
            type="button"
            disabled={disabled || !key || !can('protocol:read')}
            onClick={() => send('read')}
          >
            Read
          </button>
        </div>
      </form>
      <RequestStatus
        pending={view?.pending}
        lastResult={view?.lastResult}
        testId="kv-client-status"
      />
    </section>
  );
});
