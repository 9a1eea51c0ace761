/**
 * Adding a protocol family is adding its folder: this test copies the ping package under a
 * new id (into a copy of the source tree, so the real one is untouched), changes nothing
 * else, and loads the copy's catalogues afresh through Vite (the same globs the app uses).
 * The new family appears in the scenario catalogue, in what the lab loads to open it
 * (scenario, protocol module, roles for the legend) and in the simulation-test runner.
 */
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunner, type ViteDevServer } from 'vite';
import type { ModuleRunner } from 'vite/module-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleEntry } from './testing/example-cluster';

const src = fileURLToPath(new URL('..', import.meta.url));
/** The package copied: the example package (its id is its folder's name). */
const example = exampleEntry.id;
let root = '';
let server: ViteDevServer | null = null;
let runner: ModuleRunner | null = null;

/** Loads a module of the copied tree with its own module graph (its globs see the copy). */
function load<T>(path: string): Promise<T> {
  if (!runner) throw new Error('no module runner');
  return runner.import<T>(join(root, 'src', path));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'netsplit-fixture-'));
  cpSync(src, join(root, 'src'), { recursive: true });
  const copy = join(root, 'src/engine/protocols/echo');
  cpSync(join(root, `src/engine/protocols/${example}`), copy, { recursive: true });
  // The only change: the copy's ids (family, protocol, scenario) and its role's word.
  for (const file of readdirSync(copy)) {
    const path = join(copy, file);
    writeFileSync(
      path,
      readFileSync(path, 'utf8')
        .replaceAll(`'${example}'`, "'echo'")
        .replaceAll("role: 'peer'", "role: 'echoer'"),
    );
  }
  symlinkSync(
    fileURLToPath(new URL('../../node_modules', import.meta.url)),
    join(root, 'node_modules'),
  );
  server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, watch: null },
  });
  runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
});

afterAll(async () => {
  await runner?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a package copied under a new id, with no other edit', () => {
  it('appears in the scenario catalogue', async () => {
    const { scenarios, scenarioEntry } = await load<typeof import('./scenarios/index')>(
      'engine/scenarios/index.ts',
    );
    expect(Object.keys(scenarios)).toContain('echo');
    expect(Object.keys(scenarios)).toContain(example);
    expect(scenarioEntry('echo')?.build({}).nodes[0]?.protocol).toBe('echo');
  });

  it('opens in the lab: its protocol loads by id, and the legend knows its role', async () => {
    const registry = await load<typeof import('./protocols/registry')>(
      'engine/protocols/registry.ts',
    );
    expect(registry.protocolIds()).toContain('echo');
    const protocol = await registry.loadProtocol('echo');
    expect(protocol.id).toBe('echo');
    const roles = await load<typeof import('../views/cluster/roles')>('views/cluster/roles.ts');
    expect(roles.KNOWN_ROLES.map((r) => r.role)).toContain('echoer');
    expect(roles.roleStyle('echoer').colorVar).toBe('--role-peer');
  });

  it('runs in the simulation-test runner, with a replay link to its own lab', async () => {
    const runner = await load<typeof import('./testing/seed-runner')>(
      'engine/testing/seed-runner.ts',
    );
    const found = runner.allSuites().find((s) => s.family === 'echo');
    expect(found).toBeDefined();
    if (!found) return;
    const outcome = runner.runSeed(found.suite, 1);
    expect(outcome.failure).toBeNull();
    expect(outcome.events).toBeGreaterThan(100);
    expect(outcome.link).toMatch(/^#\/lab\/echo\?seed=1&nodes=5&run=/);
  });
}, 120_000);
