/**
 * The engine and views know no protocol by name (ARCHITECTURE.md, guarantee 4; protocols/
 * README.md): outside a family's own folders and the lessons (each lesson is written for its
 * scenario), no code, test code included, spells a protocol id or a scenario id as a string.
 * A test that needs a package goes through what the package publishes (its `pkg`, its
 * scenario entries), so renaming an id is a type error and not a silent miss; a test that
 * needs any small cluster uses testing/example-cluster.ts. The ids are read from the packages
 * themselves, so a new family is covered without an edit here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packages } from './packages';

const root = join(__dirname, '..', '..');
const families = packages.map((p) => p.id);
const ids = new Set(packages.flatMap((p) => [...p.protocolIds, ...p.scenarios.map((s) => s.id)]));

/** Folders that belong to one family (its engine package and its panels) or to the lessons. */
const owned = [
  ...families.flatMap((f) => [`src/engine/protocols/${f}/`, `src/views/panels/${f}/`]),
  'src/lessons/',
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sources(path);
    return /\.tsx?$/.test(d.name) ? [path] : [];
  });
}

/** `file:line: 'id'` for each quoted id on a code line (comment lines are prose, not code). */
function namedIds(path: string): string[] {
  const file = relative(root, path);
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (/^\s*(\*|\/\/|\/\*)/.test(line)) return [];
      const quoted = [...line.matchAll(/(['"`])([a-z][a-z0-9-]*)\1/g)].map((m) => m[2] ?? '');
      return quoted.filter((q) => ids.has(q)).map((q) => `${file}:${i + 1}: '${q}'`);
    });
}

describe('protocols are known by name only inside their package', () => {
  it('finds every protocol and scenario id (the scan has something to look for)', () => {
    expect(ids.size).toBeGreaterThan(families.length);
  });

  it('no file outside a family folder or the lessons spells one', () => {
    const files = sources(join(root, 'src')).filter(
      (f) => !owned.some((o) => relative(root, f).startsWith(o)),
    );
    expect(files.flatMap(namedIds)).toEqual([]);
  });
});
