'use client';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from 'tldraw';
import type { BoardMeta } from '../../lib/api';
import type { Role } from '../../lib/access';
import { createReadOnlyStore } from '../../lib/board/tldraw';
import type { ReplayEngine } from '../../lib/board/replay';
import type { BoardDoc } from '../../lib/board/schema';
import { readFrameworkEvents, readPlan } from '../../lib/board/framework';
import { computeTimeline } from '../../lib/board/timeline';
import { FrameworkPanel } from '../panel/FrameworkPanel';
import { PanelShell } from '../panel/PanelShell';
import { NotesSection, useNotesDoc } from '../panel/NotesSection';
import { useObserved } from '../board/useObserved';
import { observeNotes, readMomentNotes } from '../../lib/board/notes';
import type { Moment } from '../../lib/board/moments';
import { createBoardDoc } from '../../lib/board/schema';
import { QuestionSection } from '../panel/QuestionSection';
import { createAssetStore } from '../board/assetStore';
import { BoardCanvasSlot } from '../board/canvasCode';
import { BOARD_SHAPE_UTILS } from '../canvas/shapeUtils';
import { usePreparedSeeks, useReplayPosition } from './useReplay';
import { Timeline } from './Timeline';
import { ExportMenu } from './ExportMenu';
import { applyPanelHighlight, panelHighlightAt } from './panelHighlight';
import { authorCss, canvasAuthors } from './authors';
import { AuthorLegend } from './AuthorLegend';
import { ReviewSummary } from './ReviewSummary';

const REVIEWER = { id: 'review', name: 'Review' };
/** Stands in for the notes document where there is none (not an interviewer). */
const NO_NOTES = createBoardDoc();

/**
 * Fits the whole drawing in the canvas (inside its own padding), at most at 100%. tldraw learns of
 * a resize of its canvas up to 200 ms late (a throttled observer), and keeps the camera's top-left
 * when it does: a fit in between (the panel opened, then a jump) would stay off-centre by half the
 * panel's width. So the canvas is measured first.
 */
export function fitContent(editor: Editor): void {
  const bounds = editor.getCurrentPageBounds();
  if (!bounds) return;
  editor.updateViewportScreenBounds(editor.getContainer());
  editor.zoomToBounds(bounds, { inset: 48, targetZoom: 1 });
}

/** The replay: canvas and panel at one moment of the log, the timeline, exports. */
export function Replay({
  board,
  role,
  engine,
  version,
  panelOpen,
}: {
  board: BoardMeta;
  role: Role;
  engine: ReplayEngine;
  version: number;
  /** Whether the panel shows; its toggle is in the page header. */
  panelOpen: boolean;
}) {
  const [editor, setEditor] = useState<Editor | null>(null);
  const [view] = useState(() => createReadOnlyStore(createAssetStore(board.id), BOARD_SHAPE_UTILS));
  const show = useCallback((d: BoardDoc) => void view.show(d), [view]);
  const shown = useCallback(() => new Promise<void>((resolve) => view.afterShown(resolve)), [view]);
  const { position, seek } = useReplayPosition(engine, show);
  usePreparedSeeks(engine, version, editor !== null);
  const { index, doc } = position;
  const [byAuthor, setByAuthor] = useState(false);
  const [summaryOpen, setSummaryOpen] = useState(true);
  const panelRef = useRef<HTMLDivElement>(null);

  const at = index === 0 ? (engine.entries[0]?.at ?? 0) : engine.entries[index - 1]!.at;
  const now = useMemo(() => () => at, [at]);
  const canvasEnv = useMemo(() => ({ doc, actor: REVIEWER, now }), [doc, now]);

  const jump = useCallback(
    (i: number) => {
      seek(i);
      setSummaryOpen(false);
      // Fitted to the drawing of that moment once the canvas shows all of it (a long jump takes a
      // few frames).
      if (editor) view.afterShown(() => fitContent(editor));
    },
    [seek, editor, view],
  );

  // Open on the whole drawing, once the canvas is there.
  const fitted = useRef(false);
  useEffect(() => {
    if (!editor || fitted.current) return;
    fitted.current = true;
    fitContent(editor);
  }, [editor]);

  // Live follow: someone watching the end keeps watching the end as the log grows.
  const length = useRef(engine.entries.length);
  useEffect(() => {
    const before = length.current;
    length.current = engine.entries.length;
    if (index === before && engine.entries.length > before) seek(engine.entries.length);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  // During scope, show the scope: the panel part that changed at this moment is highlighted.
  useLayoutEffect(() => {
    if (panelRef.current) applyPanelHighlight(panelRef.current, panelHighlightAt(engine, index));
  }, [engine, index, version]);

  const budgets = useMemo(() => {
    const timeline = computeTimeline(readFrameworkEvents(engine.latest), engine.range.end);
    const plan = readPlan(engine.latest);
    return timeline.perStepMs.map((spentMs, i) => ({ spentMs, budgetMinutes: plan.budgetsMinutes[i] ?? 0 }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, version]);
  const authors = useMemo(() => canvasAuthors(engine), [engine, version]); // eslint-disable-line react-hooks/exhaustive-deps
  // The interviewer's notes on moments are markers (the notes document reaches interviewers only).
  const notesDoc = useNotesDoc(role === 'interviewer' ? board.id : null);
  const momentNotes = useObserved(notesDoc ?? NO_NOTES, observeNotes, readMomentNotes);
  const noteMoments = useMemo<Moment[]>(
    () =>
      momentNotes.map((n) => ({
        kind: 'note',
        index: engine.indexAt(n.at),
        at: n.at,
        label: `Note: ${n.text}`,
        by: null,
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [momentNotes, engine, version],
  );
  const css = useMemo(() => (byAuthor ? authorCss(engine, authors) : ''), [byAuthor, engine, authors]);

  return (
    <>
      <div className={`canvas-area review${byAuthor ? ' review-authors' : ''}`}>
        {css && <style>{css}</style>}
        <div className="canvas-wrap">
          <BoardCanvasSlot store={view.store} env={canvasEnv} onEditor={setEditor} />
          {summaryOpen && (
            <ReviewSummary
              board={board}
              role={role}
              engine={engine}
              version={version}
              onClose={() => setSummaryOpen(false)}
            />
          )}
        </div>
        <div className="review-bar">
          <Timeline
            engine={engine}
            version={version}
            index={index}
            onSeek={seek}
            onJump={jump}
            budgets={budgets}
            extraMoments={noteMoments}
          />
          <div className="review-bar-row">
            <button
              type="button"
              className="icon-button"
              aria-pressed={summaryOpen}
              onClick={() => setSummaryOpen(!summaryOpen)}
              data-testid="review.toggle-summary"
            >
              Summary
            </button>
            <AuthorLegend authors={authors} byAuthor={byAuthor} onByAuthor={setByAuthor} />
            <ExportMenu board={board} editor={editor} ready={shown} />
          </div>
        </div>
      </div>
      <PanelShell title="Interview record" open={panelOpen}>
        <div ref={panelRef} className="review-panel">
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
        </div>
      </PanelShell>
    </>
  );
}
