import type { Metadata } from 'next';
import { preload } from 'react-dom';
import { boardLogPath } from '../../../lib/history';
import { ReviewPageScreen } from '../../../components/review/ReviewPageScreen';
import { pageContext, requireBoardPage } from '../../context';

export async function generateMetadata(): Promise<Metadata> {
  const title = (await pageContext()).board?.title;
  return { title: title ? `Review: ${title}` : 'Review', referrer: 'no-referrer' };
}

/** `/r/<id>`: the board, read-only, for the review link and interviewers. */
export default async function ReviewPage() {
  const { board, role } = await requireBoardPage();
  // The replay needs the whole log before it shows anything: the browser starts downloading it
  // with the HTML, while the page's code loads, instead of once that code runs.
  preload(boardLogPath(board.id), { as: 'fetch', crossOrigin: 'anonymous' });
  return <ReviewPageScreen board={board} role={role} />;
}
