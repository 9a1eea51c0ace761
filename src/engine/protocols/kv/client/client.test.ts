/** The kv client: one operation at a time, Jepsen outcomes, redirects, and what it publishes. */
import { describe, expect, it } from 'vitest';
import { asClientHistory } from '../../../check/stale-read';
import type { Fact, HistoryOp, Json, NodeContext, NodeId } from '../../../protocol';
import { kvClient, type KvClientDisk } from './client';
import { readReadArgs, readWriteArgs } from './client-actions';
import { DEFAULT_CLIENT_OPTIONS, type KvClientOptions } from '../options';
import type { KvMessage } from '../messages';

function client(disk: KvClientDisk | null = null) {
  const sent: Array<{ to: NodeId; m: KvMessage }> = [];
  const history: HistoryOp[] = [];
  const facts: Fact[] = [];
  const texts: string[] = [];
  const timers = new Map<string, number | null>();
  const disks: KvClientDisk[] = [];
  const ctx: NodeContext<KvMessage, KvClientDisk> = {
    id: 'c1',
    peers: [],
    now: () => 0,
    random: () => 0.1,
    send: (to, m) => void sent.push({ to, m }),
    setTimer: (name, delay) => void timers.set(name, delay),
    cancelTimer: (name) => void timers.set(name, null),
    persist: (d) => void disks.push(d),
    log: (text, _marker, fact) => {
      texts.push(text);
      if (fact) facts.push(fact);
    },
    record: (op) => void history.push(op),
    crashPoint: () => {},
  };
  const options: KvClientOptions = {
    ...DEFAULT_CLIENT_OPTIONS,
    mode: 'primary-backup',
    replicas: ['n1', 'n2', 'n3'],
    target: 'n2',
    timeoutMs: 200,
    requestTimeoutMs: 500,
  };
  const s = disk ? kvClient.recover(ctx, options, disk) : kvClient.init(ctx, options);
  const action = (id: string, args?: Json) =>
    kvClient.onAction(s, args === undefined ? { id } : { id, args }, ctx);
  const reply = (from: NodeId, answer: Partial<Extract<KvMessage, { type: 'KvReply' }>>) =>
    kvClient.onMessage(
      s,
      from,
      {
        type: 'KvReply',
        op: `c1:${s.seq}`,
        ok: true,
        values: [],
        error: null,
        redirect: null,
        session: null,
        touch: null,
        ...answer,
      },
      ctx,
    );
  const fire = (name: string) => kvClient.onTimer(s, name, ctx);
  return { s, sent, history, facts, texts, timers, disks, action, reply, fire };
}

const phases = (h: readonly HistoryOp[]) => h.map((o) => `${o.phase} ${o.fn}`);

describe('the kv client', () => {
  it('validates the arguments of write and read', () => {
    expect(readWriteArgs({ key: 'x', value: '1' })).toEqual({ key: 'x', value: '1' });
    expect(readWriteArgs({ key: 'x', value: '1', to: 'n3' })).toEqual({
      key: 'x',
      value: '1',
      to: 'n3',
    });
    expect(readWriteArgs({ key: 'x' })).toBe('needs a value');
    expect(readReadArgs({ key: '' })).toBe('needs a key');
    expect(readReadArgs([])).toBe('needs {key}');
    const c = client();
    c.action('read', { key: 'x', to: 'n9' });
    expect(c.sent).toEqual([]);
    expect(c.texts).toEqual(['cannot send: n9 is not one of the replicas']);
  });

  it('writes a fresh value at its replica, numbers ops on disk, one at a time', () => {
    const c = client();
    c.action('write-random');
    expect(c.sent).toEqual([
      { to: 'n2', m: { type: 'KvPut', op: 'c1:1', key: 'x', value: 'c1.1', session: null } },
    ]);
    expect(c.disks).toEqual([{ seq: 1, workload: false }]);
    expect(c.timers.get('timeout')).toBe(500);
    expect(c.facts).toEqual([
      { kind: 'request-sent', to: 'n2', op: 'write', key: 'x', value: 'c1.1' },
    ]);
    c.action('read-random');
    expect(c.sent).toHaveLength(1);
    expect(c.texts.at(-1)).toMatch(/one operation at a time/);
    c.reply('n2', { ok: true });
    expect(phases(c.history)).toEqual(['invoke write', 'ok write']);
    expect(kvClient.view(c.s)).toMatchObject({
      pending: null,
      completed: 1,
      lastResult: 'write x=c1.1 at n2 → ok',
    });
  });

  it('follows a redirect once, ignores a stale copy of it, and records a second refusal as fail', () => {
    const c = client();
    c.action('write', { key: 'x', value: 'v' });
    c.reply('n2', { ok: false, error: 'not the primary: n1 is', redirect: 'n1' });
    expect(c.sent.map((x) => x.to)).toEqual(['n2', 'n1']);
    expect(c.sent[1]?.m).toMatchObject({ type: 'KvPut', op: 'c1:1' });
    // A network copy of n2's refusal: n2 is behind us now.
    c.reply('n2', { ok: false, error: 'not the primary: n1 is', redirect: 'n1' });
    expect(c.history).toHaveLength(1);
    c.reply('n1', { ok: false, error: 'not the primary: n3 is', redirect: 'n3' });
    expect(phases(c.history)).toEqual(['invoke write', 'fail write']);
    expect(c.sent).toHaveLength(2);
  });

  it('a write that failed without a redirect, or went unanswered, is unknown; a read is a failure', () => {
    const c = client();
    c.action('write', { key: 'x', value: 'v' });
    c.reply('n1', { ok: false, error: 'timed out waiting for n3' });
    c.action('write', { key: 'x', value: 'w' });
    c.fire('timeout');
    c.action('read', { key: 'x' });
    c.reply('n1', { ok: false, error: 'timed out waiting for n3' });
    c.action('read', { key: 'x' });
    c.fire('timeout');
    expect(phases(c.history)).toEqual([
      'invoke write',
      'info write',
      'invoke write',
      'info write',
      'invoke read',
      'fail read',
      'invoke read',
      'fail read',
    ]);
    expect(kvClient.view(c.s)).toMatchObject({ unknown: 2, failed: 2, completed: 0 });
  });

  it('records siblings as a list, and publishes them as no single value', () => {
    const c = client();
    c.action('read', { key: 'x' });
    c.reply('n2', { ok: true, values: ['a', 'b'], session: { n2: 3 } });
    expect(c.history.at(-1)).toEqual({
      phase: 'ok',
      opId: 'c1:1',
      fn: 'read',
      key: 'x',
      value: ['a', 'b'],
    });
    expect(asClientHistory(kvClient.observe?.(c.s) ?? null)?.last).toEqual({
      id: 'c1:1',
      fn: 'read',
      key: 'x',
      value: 'a | b',
      outcome: 'ok',
    });
    // The session comes back with the next request.
    c.action('read', { key: 'y' });
    expect(c.sent.at(-1)?.m).toMatchObject({ type: 'KvGet', session: { n2: 3 } });
  });

  it('a restarted client numbers on from its disk', () => {
    const c = client({ seq: 7 });
    c.action('write-random');
    expect(c.sent[0]?.m).toMatchObject({ op: 'c1:8', value: 'c1.8' });
  });

  it('its workload is switched on and off by actions, paced gently, and the switch survives a restart', () => {
    const c = client();
    expect(kvClient.view(c.s).workload).toBe(false);
    expect(c.timers.has('load')).toBe(false);
    c.action('workload-on');
    expect(kvClient.view(c.s).workload).toBe(true);
    // No pace given: the gentle one, started at a seeded point within it.
    expect(c.timers.get('load')).toBe(1500 * 0.6);
    c.fire('load');
    expect(phases(c.history)).toEqual(['invoke read']);
    expect(c.timers.get('load')).toBe(1500);
    c.action('workload-off');
    expect(kvClient.view(c.s).workload).toBe(false);
    expect(c.timers.get('load')).toBeNull();
    c.fire('load'); // a timer already due does nothing once the workload is off
    expect(c.history).toHaveLength(1);
    expect(c.disks.at(-1)).toEqual({ seq: 1, workload: false });
    const restarted = client({ seq: 1, workload: false });
    expect(kvClient.view(restarted.s).workload).toBe(false);
    expect(client({ seq: 1, workload: true }).timers.has('load')).toBe(true);
  });
});
