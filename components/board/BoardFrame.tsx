import Link from 'next/link';
import type { ReactNode } from 'react';
import type { BoardMeta } from '../../lib/api';

/** The board page's frame: header (brand, title, extras) over the main area. */
export function BoardFrame({
  board,
  header,
  children,
}: {
  board: BoardMeta;
  header?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="board-screen">
      <header className="board-header">
        <Link href="/" prefetch={false} className="brand" aria-label="Boardroom home">
          Boardroom
        </Link>
        <h1 className="board-title" title={board.prompt || board.title}>
          {board.title}
        </h1>
        {header}
      </header>
      <main className="board-main">{children}</main>
    </div>
  );
}

/** A centred status or error message in place of the canvas. */
export function CanvasMessage({ text, alert }: { text: string; alert?: boolean }) {
  return (
    <div className="canvas-message" role={alert ? 'alert' : 'status'}>
      {text}
    </div>
  );
}
