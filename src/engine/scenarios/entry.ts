/** A lab scenario as a package offers it: the route `#/lab/<id>` builds one of these. */
import type { Scenario } from '../scenario';
import type { SettingSpec, SettingValues, SettingWarning } from './settings';

export interface ScenarioParams {
  readonly nodes?: number;
  /** Values for the entry's settings (already read with readSettings). */
  readonly settings?: SettingValues;
}

export interface ScenarioEntry {
  /** The route's id, e.g. 'ping' for `#/lab/ping`; unique across every package. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly defaultNodes: number;
  /** One sentence beside the Nodes field: what a node is in this scenario (its roles). */
  readonly nodesHelp?: string;
  /** What a teacher may change, beyond the number of nodes. */
  readonly settings: readonly SettingSpec[];
  /**
   * Settings a lesson on this scenario starts from unless it names them (as URL text): what
   * the lab does by default to look alive, e.g. a client workload, is a lesson's to choose.
   */
  readonly lessonSettings?: Readonly<Record<string, string>>;
  /**
   * Warnings the settings form shows for these values (all keys present; a number may be
   * NaN while the learner types). Advice only: the run still starts.
   */
  warnings?(values: SettingValues): readonly SettingWarning[];
  build(params: ScenarioParams): Scenario;
}

/** `n1` … `n<count>`: the usual node ids. */
export const nodeIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `n${i + 1}`);

/** The node count asked for, within the entry's bounds (its default when absent or not an integer). */
export const clampNodes = (
  entry: Pick<ScenarioEntry, 'minNodes' | 'maxNodes' | 'defaultNodes'>,
  n?: number,
): number =>
  n === undefined || !Number.isInteger(n)
    ? entry.defaultNodes
    : Math.min(entry.maxNodes, Math.max(entry.minNodes, n));
