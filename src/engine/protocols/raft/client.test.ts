/** "Send to server": one command, one server, no retry — and what the client publishes. */
import { describe, expect, it } from 'vitest';
import { asClientHistory } from '../../check/stale-read';
import type { HistoryOp, Json, NodeContext, NodeId } from '../../protocol';
import { raftClient, readSendArgs, type ClientDisk } from './client';
import type { RaftMessage } from './types';

function client() {
  const sent: Array<{ to: NodeId; m: RaftMessage }> = [];
  const history: HistoryOp[] = [];
  const texts: string[] = [];
  const timers = new Map<string, number | null>();
  const disks: ClientDisk[] = [];
  const ctx: NodeContext<RaftMessage, ClientDisk> = {
    id: 'c1',
    peers: [],
    now: () => 0,
    random: () => 0.5,
    send: (to, m) => void sent.push({ to, m }),
    setTimer: (name, delay) => void timers.set(name, delay),
    cancelTimer: (name) => void timers.set(name, null),
    persist: (d) => void disks.push(d),
    log: (text) => void texts.push(text),
    record: (op) => void history.push(op),
    crashPoint: () => {},
  };
  const s = raftClient.init(ctx, { ...raftClient.defaultOptions, servers: ['n1', 'n2', 'n3'] });
  const send = (args: Json) => raftClient.onAction(s, { id: 'send', args }, ctx);
  const reply = (from: NodeId, m: RaftMessage) => raftClient.onMessage(s, from, m, ctx);
  return { s, ctx, sent, history, texts, timers, send, reply, disks };
}

describe('Send to server', () => {
  it('validates its arguments', () => {
    expect(readSendArgs({ server: 'n1', op: 'put', key: 'x', value: '1' })).toEqual({
      server: 'n1',
      op: 'put',
      key: 'x',
      value: '1',
    });
    expect(readSendArgs({ server: 'n1', op: 'get', key: 'x', read: 'read-index' })).toEqual({
      server: 'n1',
      op: 'get',
      key: 'x',
      read: 'read-index',
    });
    expect(readSendArgs({ server: 'n1', op: 'put', key: 'x' })).toBe('a put needs a value');
    expect(readSendArgs({ server: 'n1', op: 'get', key: 'x', read: 'fast' })).toMatch(/read/);
    expect(readSendArgs(null)).toMatch(/needs/);
    const c = client();
    c.send({ server: 'n9', op: 'get', key: 'x' });
    expect(c.sent).toEqual([]);
    expect(c.texts).toEqual(['cannot send: n9 is not one of the servers']);
  });

  it('sends once, to that server; a refusal is a failure, not a redirect', () => {
    const c = client();
    c.send({ server: 'n2', op: 'put', key: 'x', value: '1' });
    expect(c.sent).toEqual([
      {
        to: 'n2',
        m: {
          type: 'ClientRequest',
          command: { op: 'put', client: 'c1', seq: 1, key: 'x', value: '1' },
        },
      },
    ]);
    expect(c.timers.get('timeout')).toBe(1500);
    c.reply('n2', {
      type: 'ClientReply',
      seq: 1,
      result: { ok: false, error: 'not-leader', leaderHint: 'n3' },
    });
    expect(c.sent).toHaveLength(1);
    expect(c.history.map((o) => o.phase)).toEqual(['invoke', 'fail']);
    expect(raftClient.view(c.s)).toMatchObject({
      pending: null,
      failed: 1,
      lastOutcome: 'fail',
      lastResult: 'put x=1 at n2 → refused: not the leader (n3 is)',
    });
  });

  it('one request at a time', () => {
    const c = client();
    c.send({ server: 'n1', op: 'get', key: 'x' });
    c.send({ server: 'n2', op: 'get', key: 'x' });
    expect(c.sent).toHaveLength(1);
    expect(c.texts.at(-1)).toMatch(/still waiting for request #1/);
  });

  it('on a timeout a write is of unknown outcome (info) and a read failed', () => {
    const c = client();
    c.send({ server: 'n1', op: 'put', key: 'x', value: '2' });
    raftClient.onTimer(c.s, 'timeout', c.ctx);
    c.send({ server: 'n1', op: 'get', key: 'x', read: 'read-index' });
    expect(raftClient.view(c.s).pending).toBe('#2 get x (read-index) → n1, sent directly');
    raftClient.onTimer(c.s, 'timeout', c.ctx);
    expect(c.history.map((o) => `${o.phase} ${o.fn}`)).toEqual([
      'invoke write',
      'info write',
      'invoke read',
      'fail read',
    ]);
    expect(c.sent).toHaveLength(2); // never retried
  });

  it('publishes its history for the no-stale-read checker', () => {
    const c = client();
    c.send({ server: 'n1', op: 'get', key: 'x', read: 'local' });
    expect(asClientHistory(raftClient.observe?.(c.s) ?? null)).toEqual({
      history: 'kv',
      pending: { id: 'c1:1', fn: 'read', key: 'x', value: null },
      done: 0,
      last: null,
    });
    c.reply('n1', { type: 'ClientReply', seq: 1, result: { ok: true, value: '7' } });
    expect(asClientHistory(raftClient.observe?.(c.s) ?? null)).toEqual({
      history: 'kv',
      pending: null,
      done: 1,
      last: { id: 'c1:1', fn: 'read', key: 'x', value: '7', outcome: 'ok' },
    });
    expect(raftClient.view(c.s)).toMatchObject({ lastResult: 'get x (local) at n1 → 7' });
  });

  it('keeps its request number on disk, so a restarted client is not taken for a duplicate', () => {
    const c = client();
    c.send({ server: 'n1', op: 'put', key: 'x', value: '1' });
    expect(c.disks.at(-1)).toEqual({ seq: 1 });
    const options = { ...raftClient.defaultOptions, servers: ['n1', 'n2', 'n3'] };
    const again = raftClient.recover(c.ctx, options, { seq: 1 });
    raftClient.onAction(
      again,
      { id: 'send', args: { server: 'n1', op: 'put', key: 'x', value: '2' } },
      c.ctx,
    );
    const last = c.sent.at(-1)?.m;
    expect(last?.type === 'ClientRequest' && last.command.op === 'put' && last.command.seq).toBe(2);
  });
});
