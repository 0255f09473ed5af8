import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { BOARD_HEADER, BoardMeta } from '../../../lib/api';
import { BoardScreen } from '../../../components/board/BoardScreen';

// The server looks the board up and hands it over in a header it always overwrites.
async function boardFromServer(): Promise<BoardMeta | null> {
  const raw = (await headers()).get(BOARD_HEADER);
  if (!raw || raw === 'missing') return null;
  const parsed = BoardMeta.safeParse(JSON.parse(decodeURIComponent(raw)));
  return parsed.success ? parsed.data : null;
}

export async function generateMetadata(): Promise<Metadata> {
  const board = await boardFromServer();
  return { title: board?.title ?? 'Board not found' };
}

/** `/b/<id>`: the live board. */
export default async function BoardPage() {
  const board = await boardFromServer();
  if (!board) notFound();
  return <BoardScreen board={board} />;
}
