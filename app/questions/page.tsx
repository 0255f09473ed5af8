import type { Metadata } from 'next';
import { QuestionLibrary } from '../../components/questions/QuestionLibrary';

export const metadata: Metadata = { title: 'Question library' };

/** `/questions` (interviewers; the server redirects everyone else to sign in). */
export default function QuestionsPage() {
  return <QuestionLibrary />;
}
