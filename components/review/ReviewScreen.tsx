'use client';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import type { Editor } from 'tldraw';
import type { BoardMeta } from '../../lib/api';
import type { Role } from '../../lib/access';
import { createReadOnlyStore } from '../../lib/board/tldraw';
import type { ReplayEngine } from '../../lib/board/replay';
import { FrameworkPanel } from '../panel/FrameworkPanel';
import { PanelShell } from '../panel/PanelShell';
import { NotesSection } from '../panel/NotesSection';
import { QuestionSection } from '../panel/QuestionSection';
import { BoardFrame, CanvasMessage } from '../board/BoardFrame';
import { createAssetStore } from '../board/assetStore';
import { BOARD_SHAPE_UTILS } from '../canvas/shapeUtils';
import { useReplayEngine } from './useReplay';
import { Scrubber } from './Scrubber';
import { ExportMenu } from './ExportMenu';

const BoardCanvas = dynamic(() => import('../board/BoardCanvas'), {
  ssr: false,
  loading: () => <CanvasMessage text="Loading the canvas…" />,
});

const REVIEWER = { id: 'review', name: 'Review' };

/** The review page: the board at any moment of its history, the panel read-only, exports. */
export default function ReviewScreen({ board, role }: { board: BoardMeta; role: Role }) {
  const { engine, error, reload } = useReplayEngine(board.id);
  return (
    <BoardFrame
      board={board}
      header={
        <>
          <span className="role-badge" data-testid="role">
            Review
          </span>
          {board.status === 'ended' ? <span className="ended-banner">Interview ended</span> : null}
          {board.questionTitle && (
            <span
              className="question-badge"
              data-testid="review.question"
              title="The library question this board used"
            >
              Question: {board.questionTitle}
            </span>
          )}
          <div className="spacer" />
          <button type="button" className="button secondary" onClick={reload}>
            Refresh
          </button>
          {role === 'interviewer' && (
            <Link className="button secondary" href={`/b/${board.id}`}>
              Live board
            </Link>
          )}
          {role === 'interviewer' && (
            <Link className="button secondary" href="/dashboard">
              Boards
            </Link>
          )}
        </>
      }
    >
      {error ? (
        <CanvasMessage alert text={error} />
      ) : engine ? (
        <Replay key={engine.entries.length} board={board} role={role} engine={engine} />
      ) : (
        <CanvasMessage text="Loading the board's history…" />
      )}
    </BoardFrame>
  );
}

function Replay({ board, role, engine }: { board: BoardMeta; role: Role; engine: ReplayEngine }) {
  const [index, setIndex] = useState(engine.entries.length);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [view] = useState(() => createReadOnlyStore(createAssetStore(board.id), BOARD_SHAPE_UTILS));
  const doc = engine.docAtIndex(index);
  useEffect(() => view.show(doc), [view, doc, index]);
  const at = index === 0 ? engine.range.start : engine.entries[index - 1]!.at;
  const now = useMemo(() => () => at, [at]);
  const canvasEnv = useMemo(() => ({ doc, actor: REVIEWER, now }), [doc, now]);

  return (
    <>
      <div className="canvas-area review">
        <div className="canvas-wrap">
          <BoardCanvas store={view.store} env={canvasEnv} onEditor={setEditor} />
        </div>
        <div className="review-bar">
          <Scrubber engine={engine} index={index} onIndex={setIndex} />
          <ExportMenu board={board} editor={editor} />
        </div>
      </div>
      <PanelShell title="Interview summary">
        <FrameworkPanel
          doc={doc}
          actor={REVIEWER}
          role={role}
          now={now}
          editor={editor}
          readOnly
          review
          prompt={board.prompt}
          extra={
            role === 'interviewer'
              ? (step) => (
                  <>
                    {board.questionId && (
                      <QuestionSection
                        questionId={board.questionId}
                        currentStep={step}
                        editor={null}
                        readOnly
                      />
                    )}
                    <NotesSection boardId={board.id} currentStep={step} />
                  </>
                )
              : undefined
          }
        />
      </PanelShell>
    </>
  );
}
