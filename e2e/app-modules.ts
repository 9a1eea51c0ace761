/**
 * The app's own modules, loaded in the test process through Vite's module runner: the
 * catalogues are derived with `import.meta.glob` (one glob over the packages and lessons),
 * which only Vite understands, so specs and benches load them this way rather than by a plain
 * import.
 */
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Loads `src/...` (a path from the repository root) as the app would; cached per path. */
export function appModule<T>(path: string): Promise<T> {
  let loaded = cache.get(path) as Promise<T> | undefined;
  if (!loaded) {
    loaded = runnerImport<T>(`${root}${path}`, { configFile: false, logLevel: 'error' }).then(
      (r) => r.module,
    );
    cache.set(path, loaded);
  }
  return loaded;
}

const cache = new Map<string, Promise<unknown>>();

/** `src/engine/testing/run.ts`: in-process runs of the lab's scenarios. */
export const engineRuns = () =>
  appModule<typeof import('../src/engine/testing/run')>('src/engine/testing/run.ts');

/** The scenario catalogue, as the app derives it. */
export const scenarioCatalogue = () =>
  appModule<typeof import('../src/engine/scenarios')>('src/engine/scenarios/index.ts');

/** The lesson catalogue, as the app derives it. */
export const lessonCatalogue = () =>
  appModule<typeof import('../src/lessons/catalogue')>('src/lessons/catalogue.ts');
