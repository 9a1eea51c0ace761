/**
 * A link's settings in a few words, for its label on the stage and its accessible name:
 * the latency range always, and only the faults that differ from a clean link (loss,
 * duplication, reordering, a bandwidth limit, FIFO order).
 */
import { percentOf, type LinkConfig } from '../../engine/net/link';
import type { Frame } from '../../engine/sim/frame';

const ms = (n: number) => String(Number(n.toPrecision(6)));

/** "20–30 ms" (latency plus up to the jitter), or "20 ms" without jitter. */
export function latencyWords(c: LinkConfig): string {
  return c.jitterMs > 0
    ? `${ms(c.latencyMs)}–${ms(c.latencyMs + c.jitterMs)} ms`
    : `${ms(c.latencyMs)} ms`;
}

/** The faults a link has beyond delay, e.g. ["loss 30%", "FIFO"]; empty for a clean link. */
export function faultWords(c: LinkConfig): string[] {
  const words: string[] = [];
  if (c.loss > 0) words.push(`loss ${percentOf(c.loss)}`);
  if (c.duplicate > 0) words.push(`dup ${percentOf(c.duplicate)}`);
  if (c.reorder > 0) words.push(`reorder ${percentOf(c.reorder)}`);
  if (c.bandwidthBytesPerMs !== null) words.push(`${ms(c.bandwidthBytesPerMs)} bytes/ms`);
  if (c.ordering === 'fifo') words.push('FIFO');
  return words;
}

/** The whole label: "20–30 ms · loss 30%". */
export function linkWords(c: LinkConfig): string {
  return [latencyWords(c), ...faultWords(c)].join(' · ');
}

/** The links' settings as the stage reads them: the defaults, and each directed link set apart. */
export interface LinkSettings {
  readonly defaults: LinkConfig;
  /** By directed link "a>b". */
  readonly apart: ReadonlyMap<string, LinkConfig>;
}

/**
 * A string that changes only when the links' settings do (the frame's objects are new every
 * frame; the link layers re-render only when this changes).
 */
export function linkSettingsKey(frame: Pick<Frame, 'linkDefaults' | 'links'>): string {
  return JSON.stringify([frame.linkDefaults, frame.links]);
}

/** The frame's link settings, looked up by directed link. */
export function linkSettingsOf(frame: Pick<Frame, 'linkDefaults' | 'links'>): LinkSettings {
  return {
    defaults: frame.linkDefaults,
    apart: new Map(frame.links.map((l) => [`${l.from}>${l.to}`, l.config])),
  };
}

/** Read back what `linkSettingsKey` wrote. */
export function readLinkSettings(key: string): LinkSettings {
  const [linkDefaults, links] = JSON.parse(key) as [LinkConfig, Frame['links']];
  return linkSettingsOf({ linkDefaults, links });
}

/** The settings of the directed link from → to. */
export function configOf(s: LinkSettings, from: string, to: string): LinkConfig {
  return s.apart.get(`${from}>${to}`) ?? s.defaults;
}
