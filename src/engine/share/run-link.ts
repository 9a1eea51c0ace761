/**
 * A shared run: the learner's recorded actions, carried in a URL. With the scenario and
 * seed (also in the URL) they reproduce the run exactly. Everything read from a link is
 * untrusted: it is size-limited and validated against a schema before the engine sees it,
 * and any problem comes back as a sentence, never as an exception.
 */
import * as v from 'valibot';
import type { RecordedAction, SimAction, SimActionType } from '../sim/actions';

/** Longest encoded run we accept (browsers handle URLs far longer; people rarely need this). */
export const MAX_ENCODED_LENGTH = 400_000;
export const MAX_ACTIONS = 5_000;
const FORMAT_VERSION = 1;

// Every schema says what it wants in words: a problem reaches the learner as a sentence
// ("action 2 (set all links): config.loss must be from 0 to 1"), never as a schema dump.
const nodeId = v.pipe(
  v.string('must be a node name'),
  v.regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a node name (up to 32 letters, digits, - or _)'),
);
const finite = v.pipe(v.number('must be a number'), v.finite('must be a finite number'));
const probability = v.pipe(
  finite,
  v.minValue(0, 'must be from 0 to 1'),
  v.maxValue(1, 'must be from 0 to 1'),
);
const json: v.GenericSchema<unknown> = v.lazy(() =>
  v.union(
    [
      v.null(),
      v.boolean(),
      finite,
      v.pipe(v.string(), v.maxLength(10_000, 'is too long')),
      v.array(json),
      v.record(v.string(), json),
    ],
    'must be plain data',
  ),
);
/** Said when an object is not one (missing fields and unknown ones are worded apart). */
const UNKNOWN_FIELD = 'must be an object with the fields of its type';
const messageId = v.pipe(
  v.number('must be a message number'),
  v.integer('must be a whole number'),
  v.minValue(1, 'must be 1 or more'),
);
const flag = v.boolean('must be true or false');

const linkConfig = v.strictObject(
  {
    latencyMs: v.optional(v.pipe(finite, v.minValue(0, 'must be 0 ms or more'))),
    jitterMs: v.optional(v.pipe(finite, v.minValue(0, 'must be 0 ms or more'))),
    bandwidthBytesPerMs: v.optional(
      v.nullable(v.pipe(finite, v.gtValue(0, 'must be more than 0 bytes/ms, or null'))),
    ),
    loss: v.optional(probability),
    duplicate: v.optional(probability),
    reorder: v.optional(probability),
    ordering: v.optional(v.picklist(['fifo', 'any'], 'must be "fifo" or "any"')),
  },
  UNKNOWN_FIELD,
);

const nodeAction = (
  type: 'crash' | 'restart' | 'pause' | 'resume' | 'isolate' | 'crash-lose-writes' | 'corrupt-disk',
) => v.strictObject({ type: v.literal(type), node: nodeId }, UNKNOWN_FIELD);
const msgAction = (type: 'drop-message' | 'duplicate-message' | 'deliver-message') =>
  v.strictObject({ type: v.literal(type), msg: messageId }, UNKNOWN_FIELD);
const linkAction = (type: 'cut' | 'uncut') =>
  v.strictObject({ type: v.literal(type), from: nodeId, to: nodeId, oneWay: flag }, UNKNOWN_FIELD);

/** One schema per action type: a link's action is judged by its own type's schema. */
const ACTION_SCHEMAS = {
  crash: nodeAction('crash'),
  restart: nodeAction('restart'),
  pause: nodeAction('pause'),
  resume: nodeAction('resume'),
  isolate: nodeAction('isolate'),
  protocol: v.strictObject(
    {
      type: v.literal('protocol'),
      node: nodeId,
      action: v.strictObject(
        {
          id: v.pipe(v.string('must be text'), v.maxLength(64, 'is too long')),
          args: v.optional(json),
        },
        UNKNOWN_FIELD,
      ),
    },
    UNKNOWN_FIELD,
  ),
  cut: linkAction('cut'),
  uncut: linkAction('uncut'),
  partition: v.strictObject(
    {
      type: v.literal('partition'),
      groups: v.pipe(
        v.array(v.array(nodeId, 'must be a list of node names'), 'must be a list of groups'),
        v.maxLength(64, 'has too many groups'),
      ),
    },
    UNKNOWN_FIELD,
  ),
  heal: v.strictObject({ type: v.literal('heal') }, UNKNOWN_FIELD),
  link: v.strictObject(
    { type: v.literal('link'), from: nodeId, to: nodeId, config: linkConfig },
    UNKNOWN_FIELD,
  ),
  'link-defaults': v.strictObject(
    { type: v.literal('link-defaults'), config: linkConfig },
    UNKNOWN_FIELD,
  ),
  clock: v.strictObject(
    { type: v.literal('clock'), node: nodeId, skewMs: finite, drift: finite },
    UNKNOWN_FIELD,
  ),
  'drop-message': msgAction('drop-message'),
  'duplicate-message': msgAction('duplicate-message'),
  'deliver-message': msgAction('deliver-message'),
  'delay-message': v.strictObject(
    {
      type: v.literal('delay-message'),
      msg: messageId,
      byMs: v.pipe(finite, v.gtValue(0, 'must be more than 0 ms')),
    },
    UNKNOWN_FIELD,
  ),
  'hold-messages': v.strictObject({ type: v.literal('hold-messages'), on: flag }, UNKNOWN_FIELD),
  'crash-lose-writes': nodeAction('crash-lose-writes'),
  'corrupt-disk': nodeAction('corrupt-disk'),
} satisfies Record<SimActionType, v.GenericSchema>;

const isActionType = (t: unknown): t is SimActionType =>
  typeof t === 'string' && Object.hasOwn(ACTION_SCHEMAS, t);

/** Compact on the wire: [afterStep, time, action]. */
const step = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(0, 'must be 0 or more'),
);
const time = v.pipe(finite, v.minValue(0, 'must be 0 ms or more'));

/** A recorded action, or what is wrong with it (a phrase: "has an unknown type …"). */
function readRecorded(raw: unknown): RecordedAction | string {
  if (!Array.isArray(raw) || raw.length !== 3)
    return 'is not in the expected form ([step, time, action])';
  const [afterStep, at, action] = raw as [unknown, unknown, unknown];
  const stepRead = v.safeParse(step, afterStep);
  if (!stepRead.success) return `has a step that ${stepRead.issues[0].message}`;
  const timeRead = v.safeParse(time, at);
  if (!timeRead.success) return `has a time that ${timeRead.issues[0].message}`;
  const type: unknown =
    typeof action === 'object' && action !== null ? (action as { type?: unknown }).type : undefined;
  if (!isActionType(type))
    return type === undefined
      ? 'names no action type'
      : `has an unknown type "${String(type).slice(0, 40)}"`;
  const read = v.safeParse(ACTION_SCHEMAS[type], action);
  if (!read.success) {
    const issue = read.issues[0];
    const where = v.getDotPath(issue) ?? '';
    // An object's own issue is a missing field (no input there) or one it does not know.
    if (issue.type === 'strict_object')
      return issue.input === undefined
        ? `(${type}) is missing its ${where}`
        : `(${type}) has a field "${where.slice(0, 40)}" that this version of Netsplit does not know`;
    return `(${type}) ${where ? `has ${where}, which ` : ''}${issue.message}`;
  }
  return { afterStep: stepRead.output, time: timeRead.output, action: read.output as SimAction };
}

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

/**
 * A decoded run: the actions to replay, and the ones left out (each a sentence: which and
 * why). A link whose run cannot be read at all is `ok: false`, with the reason.
 */
export type DecodeResult =
  { ok: true; actions: RecordedAction[]; skipped: string[] } | { ok: false; error: string };

/**
 * Read the actions of a shared link. A malformed link yields a sentence saying what is
 * wrong; an action that cannot be read (an unknown type, a bad value) is left out, with a
 * sentence naming it, and the others are kept, so the link shows what it can.
 */
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
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, error: 'the shared run is not valid: it is not a recorded run' };
  const { v: version, actions: list } = parsed as { v?: unknown; actions?: unknown };
  if (version !== FORMAT_VERSION)
    return {
      ok: false,
      error: `the shared run is not valid at v: it was written in format ${String(version).slice(0, 20)}, and this version of Netsplit reads format ${FORMAT_VERSION}`,
    };
  if (!Array.isArray(list))
    return { ok: false, error: 'the shared run is not valid: it has no list of actions' };
  if (list.length > MAX_ACTIONS)
    return {
      ok: false,
      error: `the shared run is too long (${list.length} actions; the limit is ${MAX_ACTIONS})`,
    };
  const actions: RecordedAction[] = [];
  const skipped: string[] = [];
  list.forEach((raw, i) => {
    const read = readRecorded(raw);
    const name = `action ${i + 1} of ${list.length}`;
    if (typeof read === 'string') skipped.push(`${name} ${read}`);
    else {
      const prev = actions[actions.length - 1];
      if (prev && (read.afterStep < prev.afterStep || read.time < prev.time))
        skipped.push(`${name} is out of order (it comes before the action it follows)`);
      else actions.push(read);
    }
  });
  return { ok: true, actions, skipped };
}
