import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** How to renew each lazy component whose download failed, until someone asks to retry. */
const failed = new Set<() => void>();

/**
 * React.lazy that can try again. React caches a lazy component's result, failure included,
 * so once a chunk failed to download (offline, a dropped connection) that component throws the
 * same error for good: neither "Try again" nor opening the route again could help. This one
 * keeps its failure only until `retryFailedLoads()`; its next render then downloads anew.
 * A drop-in for `lazy(load)`.
 *
 * The failed component is not renewed at once: React renders a suspended tree again when its
 * promise settles, and a fresh download there would suspend again, for ever, with the error
 * never reaching its boundary.
 */
export function retryableLazy<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
): ComponentType<P> {
  let current: LazyExoticComponent<ComponentType<P>> = lazy(attempt);
  const renew = () => {
    current = lazy(attempt);
  };
  function attempt() {
    return load().catch((error: unknown) => {
      failed.add(renew);
      throw error;
    });
  }
  function Retryable(props: P) {
    const Current = current;
    return <Current {...props} />;
  }
  return Retryable;
}

/**
 * Lets every lazy component whose download failed try again when it next renders. Error
 * boundaries call it as they (re)open: "Try again", a new route, a page opened again.
 */
export function retryFailedLoads(): void {
  for (const renew of failed) renew();
  failed.clear();
}
