import type { Metadata } from 'next';
import { BoardScreen } from '../../../components/board/BoardScreen';
import { pageContext, requireBoardPage } from '../../context';

export async function generateMetadata(): Promise<Metadata> {
  const title = (await pageContext()).board?.title;
  return { title: title ? `Review: ${title}` : 'Review', referrer: 'no-referrer' };
}

/** `/r/<id>`: the board, read-only, for the review link and interviewers. */
export default async function ReviewPage() {
  const { board, role } = await requireBoardPage();
  return <BoardScreen board={board} role={role} review />;
}
