/**
 * The lessons, as the home page lists them, derived by one glob: each lesson is a module
 * `l<NN>-<name>.ts` exporting `lesson`, with its metadata beside it in `l<NN>-<name>.meta.ts` exporting
 * `meta` (small, loaded with the page); the steps load when the lesson opens.
 * A lesson's other parts (`.meta`, `.run` readers, `.sandbox`, `.test`) have a second dot
 * in their names, so the glob below takes only the lesson module itself.
 */
import type { Lesson, LessonMeta } from './types';

const metas = import.meta.glob<LessonMeta>('./*.meta.ts', { eager: true, import: 'meta' });
const modules = import.meta.glob<Lesson>(['./l[0-9][0-9]-*.ts', '!./*.*.ts'], {
  import: 'lesson',
});

/** Every lesson, in curriculum order. */
export const LESSONS: readonly LessonMeta[] = Object.values(metas).sort(
  (a, b) => a.number - b.number,
);

/** Lesson id → its module's loader (the module beside its meta file). */
const loaders: ReadonlyMap<string, () => Promise<Lesson>> = new Map(
  Object.entries(metas).flatMap(([path, meta]) => {
    const load = modules[path.replace(/\.meta\.ts$/, '.ts')];
    return load ? [[meta.id, load] as const] : [];
  }),
);

export function lessonMeta(id: string): LessonMeta | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** Loads a lesson's steps; rejects with a sentence a learner can read when there is none. */
export function loadLesson(id: string): Promise<Lesson> {
  const load = loaders.get(id);
  return load
    ? load()
    : Promise.reject(new Error(`There is no lesson called "${id.slice(0, 60)}".`));
}
