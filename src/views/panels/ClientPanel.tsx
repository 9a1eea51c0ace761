/**
 * A client's console: send one request to the server you choose (SET x = v, GET x), with
 * the read path a GET takes. Shown when the scenario has a client that accepts directed
 * requests (the Raft client's "send" action); the request is a recorded action like any other.
 */
import { memo, useState, type FormEvent } from 'react';
import type { Json } from '../../engine/protocol';
import { allowsRule } from '../../state/capabilities';
import { act } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';
import { RequestStatus } from './RequestStatus';

const SEND = 'send';
type ReadMode = 'log' | 'local' | 'read-index';

const READ_MODES: ReadonlyArray<{ value: ReadMode; label: string }> = [
  { value: 'log', label: 'through the log (safe, slower)' },
  { value: 'local', label: 'leader answers locally (unsafe)' },
  { value: 'read-index', label: 'ReadIndex: leader checks with a majority' },
];

export const ClientPanel = memo(function ClientPanel() {
  const client = useLab((s) =>
    s.protocolActions[s.frame?.nodes.find((n) => n.role === 'client')?.protocol ?? '']?.some(
      (a) => a.id === SEND,
    )
      ? s.frame?.nodes.find((n) => n.role === 'client')
      : undefined,
  );
  const servers = useLab(
    (s) =>
      s.frame?.nodes
        .filter((n) => n.role !== 'client')
        .map((n) => n.id)
        .join(',') ?? '',
  );
  const allowed = useLab((s) => allowsRule(s.allow, `protocol:${SEND}`));
  const [server, setServer] = useState('');
  const [key, setKey] = useState('x');
  const [value, setValue] = useState('1');
  const [read, setRead] = useState<ReadMode>('log');
  if (!client) return null;
  const ids = servers ? servers.split(',') : [];
  const target = ids.includes(server) ? server : (ids[0] ?? '');
  const view = client.view as { pending?: string | null; lastResult?: string | null } | null;
  const send = (op: 'put' | 'get') => (e?: FormEvent) => {
    e?.preventDefault();
    const args: Json =
      op === 'put' ? { server: target, op, key, value } : { server: target, op, key, read };
    void act({ type: 'protocol', node: client.id, action: { id: SEND, args } });
  };
  const disabled = !allowed || client.status !== 'up';
  return (
    <section className="panel client-panel" aria-labelledby="client-title">
      <h2 id="client-title">Client {client.id}</h2>
      <form className="settings-form" onSubmit={send('put')}>
        <label>
          <span>Server</span>
          <select value={target} onChange={(e) => setServer(e.target.value)} aria-label="Server">
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Key</span>
          <input value={key} size={4} onChange={(e) => setKey(e.target.value)} aria-label="Key" />
        </label>
        <label>
          <span>Value</span>
          <input
            value={value}
            size={6}
            onChange={(e) => setValue(e.target.value)}
            aria-label="Value"
          />
        </label>
        <div className="popover-buttons">
          <button type="submit" disabled={disabled || !key}>
            SET
          </button>
          <button type="button" disabled={disabled || !key} onClick={() => send('get')()}>
            GET
          </button>
        </div>
        <label>
          <span>Reads</span>
          <select
            value={read}
            onChange={(e) => setRead(e.target.value as ReadMode)}
            aria-label="Reads"
          >
            {READ_MODES.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <RequestStatus pending={view?.pending} lastResult={view?.lastResult} />
    </section>
  );
});
