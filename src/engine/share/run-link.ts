/**
 * A shared run: the learner's recorded actions, carried in a URL. With the scenario and
 * seed (also in the URL) they reproduce the run exactly. Everything read from a link is
 * untrusted: it is size-limited and validated against a schema before the engine sees it,
 * and any problem comes back as a sentence, never as an exception.
 */
import * as v from 'valibot';
import type { RecordedAction } from '../sim/actions';

/** Longest encoded run we accept (browsers handle URLs far longer; people rarely need this). */
export const MAX_ENCODED_LENGTH = 400_000;
export const MAX_ACTIONS = 5_000;
const FORMAT_VERSION = 1;

const nodeId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/, 'a node id'));
const finite = v.pipe(v.number(), v.finite());
const probability = v.pipe(finite, v.minValue(0), v.maxValue(1));
const json: v.GenericSchema<unknown> = v.lazy(() =>
  v.union([
    v.null(),
    v.boolean(),
    finite,
    v.pipe(v.string(), v.maxLength(10_000)),
    v.array(json),
    v.record(v.string(), json),
  ]),
);

const linkConfig = v.strictObject({
  latencyMs: v.optional(v.pipe(finite, v.minValue(0))),
  jitterMs: v.optional(v.pipe(finite, v.minValue(0))),
  bandwidthBytesPerMs: v.optional(v.nullable(v.pipe(finite, v.gtValue(0)))),
  loss: v.optional(probability),
  duplicate: v.optional(probability),
  reorder: v.optional(probability),
  ordering: v.optional(v.picklist(['fifo', 'any'])),
});

const nodeAction = (type: 'crash' | 'restart' | 'pause' | 'resume' | 'isolate') =>
  v.strictObject({ type: v.literal(type), node: nodeId });
const msgAction = (type: 'drop-message' | 'duplicate-message' | 'deliver-message') =>
  v.strictObject({ type: v.literal(type), msg: v.pipe(v.number(), v.integer(), v.minValue(1)) });
const linkAction = (type: 'cut' | 'uncut') =>
  v.strictObject({ type: v.literal(type), from: nodeId, to: nodeId, oneWay: v.boolean() });

const simAction = v.variant('type', [
  nodeAction('crash'),
  nodeAction('restart'),
  nodeAction('pause'),
  nodeAction('resume'),
  nodeAction('isolate'),
  v.strictObject({
    type: v.literal('protocol'),
    node: nodeId,
    action: v.strictObject({ id: v.pipe(v.string(), v.maxLength(64)), args: v.optional(json) }),
  }),
  linkAction('cut'),
  linkAction('uncut'),
  v.strictObject({
    type: v.literal('partition'),
    groups: v.pipe(v.array(v.array(nodeId)), v.maxLength(64)),
  }),
  v.strictObject({ type: v.literal('heal') }),
  v.strictObject({ type: v.literal('link'), from: nodeId, to: nodeId, config: linkConfig }),
  v.strictObject({ type: v.literal('link-defaults'), config: linkConfig }),
  v.strictObject({ type: v.literal('clock'), node: nodeId, skewMs: finite, drift: finite }),
  msgAction('drop-message'),
  msgAction('duplicate-message'),
  msgAction('deliver-message'),
  v.strictObject({
    type: v.literal('delay-message'),
    msg: v.pipe(v.number(), v.integer(), v.minValue(1)),
    byMs: v.pipe(finite, v.gtValue(0)),
  }),
  v.strictObject({ type: v.literal('hold-messages'), on: v.boolean() }),
]);

/** Compact on the wire: [afterStep, time, action]. */
const recorded = v.tuple([
  v.pipe(v.number(), v.integer(), v.minValue(0)),
  v.pipe(finite, v.minValue(0)),
  simAction,
]);

const sharedRun = v.strictObject({
  v: v.literal(FORMAT_VERSION),
  actions: v.pipe(v.array(recorded), v.maxLength(MAX_ACTIONS)),
});

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export function encodeActions(actions: readonly RecordedAction[]): string {
  return toBase64Url(
    JSON.stringify({
      v: FORMAT_VERSION,
      actions: actions.map((a) => [a.afterStep, a.time, a.action]),
    }),
  );
}

export type DecodeResult = { ok: true; actions: RecordedAction[] } | { ok: false; error: string };

/** Read the actions of a shared link; a malformed link yields a sentence saying what is wrong. */
export function decodeActions(encoded: string): DecodeResult {
  if (encoded.length > MAX_ENCODED_LENGTH) {
    return {
      ok: false,
      error: `the shared run is too long (${encoded.length} characters; the limit is ${MAX_ENCODED_LENGTH})`,
    };
  }
  if (!/^[A-Za-z0-9_-]*$/.test(encoded))
    return { ok: false, error: 'the shared run is not in the expected format (base64url)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(encoded));
  } catch {
    return {
      ok: false,
      error: 'the shared run could not be read: the link looks cut short or altered',
    };
  }
  const result = v.safeParse(sharedRun, parsed);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue ? v.getDotPath(issue) : null;
    return {
      ok: false,
      error: `the shared run is not valid${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unknown problem'}`,
    };
  }
  const actions = result.output.actions.map(
    ([afterStep, time, action]) => ({ afterStep, time, action }) as RecordedAction,
  );
  for (let i = 1; i < actions.length; i++) {
    const prev = actions[i - 1] as RecordedAction;
    const cur = actions[i] as RecordedAction;
    if (cur.afterStep < prev.afterStep || cur.time < prev.time) {
      return { ok: false, error: `the shared run's actions are out of order at action ${i + 1}` };
    }
  }
  return { ok: true, actions };
}
