/** A scenario: which nodes run which protocol, over what network. Plain data. */
import type { LinkConfig } from './net/link';
import type { Json, NodeId } from './protocol';

export interface NodeSpec {
  readonly id: NodeId;
  readonly protocol: string;
  readonly options?: Json;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly nodes: readonly NodeSpec[];
  readonly network?: {
    readonly defaults?: Partial<LinkConfig>;
    readonly links?: ReadonlyArray<{
      readonly from: NodeId;
      readonly to: NodeId;
      readonly config: Partial<LinkConfig>;
    }>;
  };
}
