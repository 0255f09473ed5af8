'use client';
/**
 * The properties of the selected component, in tldraw's style panel: kind, label, replicas,
 * technology, capacity, an attached estimate, and deep-dive focus. Shown when one component is
 * selected; every other selection gets tldraw's own style panel.
 */
import { useId } from 'react';
import { DefaultStylePanel, useEditor, useValue, type TLShapeId, type TLUiStylePanelProps } from 'tldraw';
import {
  COMPONENT_KINDS,
  COMPONENT_KIND_LABELS,
  COMPONENT_SHAPE_TYPE,
  MAX_COMPONENT_DETAIL_CHARS,
  MAX_COMPONENT_LABEL_CHARS,
  MAX_COMPONENT_REPLICAS,
  type ComponentShape,
  type ComponentShapeProps,
} from '../../lib/canvas/componentShape';
import { readEstimates } from '../../lib/board/estimates';
import { focusedShapes } from '../../lib/board/focus';
import { figureChoices } from '../../lib/estimateText';
import { useBoardValue, useCanvasEnv } from './CanvasEnv';
import { ComponentIcon } from './icons';
import { toggleFocus } from './focusActions';

/** The style panel: our properties editor for one component, tldraw's panel otherwise. */
export function BoardStylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor();
  const shapeId = useValue(
    'selected component',
    () => {
      const s = editor.getOnlySelectedShape();
      return s && s.type === COMPONENT_SHAPE_TYPE ? s.id : null;
    },
    [editor],
  );
  if (!shapeId) return <DefaultStylePanel {...props} />;
  return (
    <DefaultStylePanel {...props}>
      <ComponentProperties shapeId={shapeId} />
    </DefaultStylePanel>
  );
}

function ComponentProperties({ shapeId }: { shapeId: TLShapeId }) {
  const editor = useEditor();
  const env = useCanvasEnv();
  const id = useId();
  const shape = useValue('component', () => editor.getShape<ComponentShape>(shapeId) ?? null, [
    editor,
    shapeId,
  ]);
  const estimates = useBoardValue(readEstimates) ?? [];
  const focused = useBoardValue(focusedShapes);
  if (!shape) return null;
  const p = shape.props;

  const update = (patch: Partial<ComponentShapeProps>) =>
    editor.updateShape<ComponentShape>({ id: shapeId, type: COMPONENT_SHAPE_TYPE, props: patch });
  // Typing into one field is one undo step.
  const startEdit = () => editor.markHistoryStoppingPoint('edit component properties');
  const field = (name: string) => `${id}-${name}`;
  const choices = estimates.flatMap((e) => (e.results ? figureChoices(e.id, e.label, e.results) : []));
  const isFocus = focused?.has(shapeId) ?? false;

  return (
    <form
      className="br-props"
      data-testid="props"
      aria-label="Component properties"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="br-props__head">
        <span className="br-props__icon">
          <ComponentIcon kind={p.kind} size={18} />
        </span>
        <label htmlFor={field('kind')} className="visually-hidden">
          Kind
        </label>
        <select
          id={field('kind')}
          data-testid="props.kind"
          value={p.kind}
          onFocus={startEdit}
          onChange={(e) => {
            const kind = e.target.value as ComponentShapeProps['kind'];
            // A label still saying what the old kind is called follows the new kind.
            const text = p.text === COMPONENT_KIND_LABELS[p.kind] ? COMPONENT_KIND_LABELS[kind] : p.text;
            update({ kind, text });
          }}
        >
          {COMPONENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {COMPONENT_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <label htmlFor={field('label')}>Label</label>
      <input
        id={field('label')}
        data-testid="props.label"
        value={p.text}
        maxLength={MAX_COMPONENT_LABEL_CHARS}
        onFocus={startEdit}
        onChange={(e) => update({ text: e.target.value })}
      />
      <div className="br-props__row">
        <div>
          <label htmlFor={field('replicas')}>Replicas</label>
          <input
            id={field('replicas')}
            data-testid="props.replicas"
            type="number"
            min={1}
            max={MAX_COMPONENT_REPLICAS}
            value={p.replicas}
            onFocus={startEdit}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (e.target.value !== '' && Number.isFinite(n)) update({ replicas: n });
            }}
          />
        </div>
        <div>
          <label htmlFor={field('tech')}>Technology</label>
          <input
            id={field('tech')}
            data-testid="props.tech"
            placeholder="e.g. Redis"
            value={p.tech}
            maxLength={MAX_COMPONENT_DETAIL_CHARS}
            onFocus={startEdit}
            onChange={(e) => update({ tech: e.target.value })}
          />
        </div>
      </div>
      <label htmlFor={field('capacity')}>Capacity</label>
      <input
        id={field('capacity')}
        data-testid="props.capacity"
        placeholder="e.g. 50k QPS"
        value={p.capacity}
        maxLength={MAX_COMPONENT_DETAIL_CHARS}
        onFocus={startEdit}
        onChange={(e) => update({ capacity: e.target.value })}
      />
      <label htmlFor={field('estimate')}>Estimate</label>
      <select
        id={field('estimate')}
        data-testid="props.estimate"
        value={choices.some((c) => c.ref === p.estimateRef) ? p.estimateRef : ''}
        disabled={choices.length === 0 && !p.estimate}
        onFocus={startEdit}
        onChange={(e) => {
          const choice = choices.find((c) => c.ref === e.target.value);
          update({ estimate: choice?.text ?? '', estimateRef: choice?.ref ?? '' });
        }}
      >
        <option value="">{choices.length === 0 ? 'No saved estimates' : 'None'}</option>
        {p.estimate && !choices.some((c) => c.ref === p.estimateRef) && (
          <option value="" disabled>
            {p.estimate}
          </option>
        )}
        {choices.map((c) => (
          <option key={c.ref} value={c.ref}>
            {c.text}
          </option>
        ))}
      </select>
      {env && (
        <button
          type="button"
          className="br-props__focus"
          data-testid="props.focus"
          aria-pressed={isFocus}
          onClick={() => toggleFocus(editor, env, [shapeId])}
        >
          {isFocus ? 'Unmark deep-dive focus' : 'Mark as deep-dive focus'}
        </button>
      )}
    </form>
  );
}
