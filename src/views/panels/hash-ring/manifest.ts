/**
 * The hash ring's views: the controls (Placement, Virtual nodes per server, Add / Remove
 * server) beside the title; under the stage the ring, the keys moved by the last change and
 * the schemes compared with the spread plot; each node's view of the ring and the hit rate in
 * the side column. Each is a lesson panel L18 can hide and reveal: 'ring', 'moved',
 * 'placement', 'membership' (the controls follow the lesson's allow-list instead).
 */
import type { PanelManifest } from '../types';
import { KeysMoved } from './KeysMoved';
import { MembershipViews } from './MembershipViews';
import { PlacementCompare } from './PlacementTable';
import { RingControls } from './RingControls';
import { RingView } from './RingView';

export const panels: PanelManifest = {
  family: 'hash-ring',
  sections: [
    { name: 'ring controls', slot: 'header', panel: null, component: RingControls },
    { name: 'hash ring', slot: 'main', panel: 'ring', component: RingView },
    { name: 'keys moved', slot: 'main', panel: 'moved', component: KeysMoved },
    { name: 'placement schemes', slot: 'main', panel: 'placement', component: PlacementCompare },
    { name: 'membership views', slot: 'side-top', panel: 'membership', component: MembershipViews },
  ],
};
