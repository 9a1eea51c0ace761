/** A lesson: its steps beside the live lab, on the lesson's own scenario and seed. */
import { useEffect } from 'react';
import { leaveLab } from '../../state/lab-controller';
import { closeLesson, openLesson } from '../../state/lesson-controller';
import { useLesson } from '../../state/lesson-store';
import { LabWorkspace } from '../lab/LabWorkspace';
import { LessonGuide } from './LessonGuide';

export default function LessonPage({ lessonId }: { lessonId: string }) {
  useEffect(() => {
    void openLesson(lessonId);
  }, [lessonId]);
  useEffect(
    () => () => {
      closeLesson();
      leaveLab();
    },
    [],
  );
  const status = useLesson((s) => s.status);
  const error = useLesson((s) => s.error);
  const title = useLesson((s) => s.lesson?.title ?? '');
  if (status === 'error') {
    return (
      <main className="page page-error">
        <div role="alert" className="alert">
          <h1>That lesson could not open</h1>
          <p>{error}</p>
          <p>
            <a href="#/">Back to the start page</a>
          </p>
        </div>
      </main>
    );
  }
  return <LabWorkspace title={title} guide={<LessonGuide />} />;
}
