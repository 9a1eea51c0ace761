export function RingControls() {
  return null;
}
