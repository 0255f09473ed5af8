'use client';
import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { SCOPE_KINDS, SCOPE_KIND_LABELS, type ScopeKind } from '../../lib/framework';
import {
  MAX_SCOPE_TEXT_CHARS,
  addScopeItem,
  deleteScopeItem,
  moveScopeItem,
  readScope,
  restoreScopeItem,
  setScopePinned,
  updateScopeItem,
  type ScopeItem,
} from '../../lib/board/scope';
import type { StepIndex } from '../../lib/framework';
import { usePanelEnv, usePanelValue } from './PanelContext';
import { InlineText } from './InlineText';
import { ToCanvasButton } from './ToCanvasButton';
import { returnToCanvas } from './canvas';
import { formatHourMinute } from '../../lib/clockTime';

/** Keyboard shortcut that jumps to "Add scope item" from anywhere on the board. */
export const ADD_SCOPE_KEYS = 'Alt+Shift+S';
const ADD_SCOPE_KEYS_LABEL = 'Alt+Shift+S';

/** How long "Undo" stays offered after a delete. */
const UNDO_FOR_MS = 10_000;

/** Text of a scope item as it goes onto the canvas. */
export function scopeNoteText(item: ScopeItem): string {
  const answer = item.kind === 'question' && item.answer ? `\n→ ${item.answer}` : '';
  return `${SCOPE_KIND_LABELS[item.kind]}: ${item.text}${answer}`;
}

/** Assumptions, requirements and clarifying questions: capture, edit, reorder, pin. */
export function ScopeSection({ currentStep }: { currentStep: StepIndex }) {
  const { doc, actor, now, review, editor } = usePanelEnv();
  const items = usePanelValue(readScope);
  const [kind, setKind] = useState<ScopeKind>('assumption');
  const [text, setText] = useState('');
  const headingId = useId();
  const [deleted, setDeleted] = useState<ScopeItem | null>(null);
  useEffect(() => {
    if (!deleted) return;
    const timer = window.setTimeout(() => setDeleted(null), UNDO_FOR_MS);
    return () => window.clearTimeout(timer);
  }, [deleted]);
  // The rows' actions are made once and act on the document of the moment: the replay hands the
  // panel a new document on a seek back, and new actions would render every row again.
  const latest = useRef({ doc, actor });
  useLayoutEffect(() => {
    latest.current = { doc, actor };
  }, [doc, actor]);
  const actions = useMemo<ScopeRowActions>(
    () => ({
      update: (id, patch) => updateScopeItem(latest.current.doc, id, patch),
      pin: (id, pinned) => setScopePinned(latest.current.doc, id, pinned),
      move: (id, by) => moveScopeItem(latest.current.doc, id, by),
      // Someone else's item is deleted only after a confirmation; one's own at once, with Undo.
      remove: (item) => {
        if (
          item.authorId !== latest.current.actor.id &&
          !window.confirm(`Delete ${item.authorName}'s item "${item.text.slice(0, 60)}"?`)
        )
          return;
        deleteScopeItem(latest.current.doc, item.id);
        setDeleted(item);
      },
    }),
    [],
  );

  return (
    <section className="panel-section" aria-labelledby={headingId} data-testid="panel.scope-section">
      <h2 id={headingId}>Scope and requirements</h2>
      {!review && (
        <form
          className="add-scope"
          onSubmit={(e) => {
            e.preventDefault();
            if (addScopeItem(doc, { kind, text, step: currentStep, by: actor, at: now() })) {
              setText('');
              returnToCanvas(editor); // back to drawing; Alt+Shift+S comes back here
            }
          }}
        >
          <select
            aria-label="Kind of scope item"
            value={kind}
            onChange={(e) => setKind(e.target.value as ScopeKind)}
          >
            {SCOPE_KINDS.map((k) => (
              <option key={k} value={k}>
                {SCOPE_KIND_LABELS[k]}
              </option>
            ))}
          </select>
          <input
            aria-label="Add scope item"
            placeholder="Write it down, then press Enter"
            title={`Add scope item (${ADD_SCOPE_KEYS_LABEL})`}
            aria-keyshortcuts={ADD_SCOPE_KEYS}
            maxLength={MAX_SCOPE_TEXT_CHARS}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="panel.scope-input"
          />
        </form>
      )}
      {deleted && (
        <p className="undo-toast" role="status" data-testid="panel.scope-undo">
          Deleted “{deleted.text.slice(0, 40)}”.{' '}
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              restoreScopeItem(doc, deleted);
              setDeleted(null);
            }}
          >
            Undo
          </button>
        </p>
      )}
      {items.length === 0 ? (
        <p className="muted">
          {review
            ? 'No assumptions or requirements were written down.'
            : 'No assumptions or requirements yet.'}
        </p>
      ) : (
        <ul className="scope-list" data-testid="panel.scope-list">
          {items.map((item, i) => (
            <ScopeRow
              key={item.id}
              item={item}
              first={i === 0}
              last={i === items.length - 1}
              actions={actions}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/** What a row can do to its item (stable across seeks and renders). */
interface ScopeRowActions {
  update: (id: string, patch: { text?: string; answer?: string }) => void;
  pin: (id: string, pinned: boolean) => void;
  move: (id: string, by: -1 | 1) => void;
  remove: (item: ScopeItem) => void;
}

/** One item; renders again only when its item, its place or the actions change. */
const ScopeRow = memo(function ScopeRow({
  item,
  first,
  last,
  actions,
}: {
  item: ScopeItem;
  first: boolean;
  last: boolean;
  actions: ScopeRowActions;
}) {
  return (
    <li
      className={`scope-item kind-${item.kind}${item.pinned ? ' pinned' : ''}`}
      data-testid="panel.scope-item"
      data-record-id={item.id}
    >
      <div className="scope-kind">{SCOPE_KIND_LABELS[item.kind]}</div>
      <InlineText value={item.text} label="Edit item" onSave={(t) => actions.update(item.id, { text: t })} />
      {item.kind === 'question' && (
        <InlineText
          value={item.answer}
          label="Answer"
          placeholder="Add the answer"
          onSave={(a) => actions.update(item.id, { answer: a })}
        />
      )}
      <div className="scope-meta muted">
        Step {item.step + 1} · {item.authorName} · {formatHourMinute(item.at)}
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="icon-button"
          aria-pressed={item.pinned}
          onClick={() => actions.pin(item.id, !item.pinned)}
          data-testid="panel.scope-pin"
        >
          {item.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Move up"
          disabled={first}
          onClick={() => actions.move(item.id, -1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Move down"
          disabled={last}
          onClick={() => actions.move(item.id, 1)}
        >
          ↓
        </button>
        <ToCanvasButton note={() => scopeNoteText(item)} />
        <button
          type="button"
          className="icon-button danger"
          aria-label="Delete item"
          onClick={() => actions.remove(item)}
        >
          ✕
        </button>
      </div>
    </li>
  );
});
