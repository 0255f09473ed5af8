import type { Metadata } from 'next';
import { BoardScreen } from '../../../components/board/BoardScreen';
import { pageContext, requireBoardPage } from '../../context';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await pageContext()).board?.title ?? 'Board', referrer: 'no-referrer' };
}

/** `/b/<id>`: the live board, for the interviewer and the candidate. */
export default async function BoardPage() {
  const { board, role } = await requireBoardPage();
  return <BoardScreen board={board} role={role} />;
}
