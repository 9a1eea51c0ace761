/** A lesson: its steps beside the live lab, on the lesson's own scenario and seed. */
import { useEffect } from 'react';
import { leaveLab } from '../../state/lab-controller';
import { closeLesson, openLesson } from '../../state/lesson-controller';
import { useLesson } from '../../state/lesson-store';
import { LabWorkspace } from '../lab/LabWorkspace';
import { LessonGuide } from './LessonGuide';
import { ErrorPage } from '../common/ErrorPage';

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
    return <ErrorPage title="That lesson could not open" message={error} />;
  }
  return <LabWorkspace title={title} guide={<LessonGuide />} />;
}
