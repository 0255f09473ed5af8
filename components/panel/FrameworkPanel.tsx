'use client';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import type { Editor } from 'tldraw';
import type { BoardDoc } from '../../lib/board/schema';
import { clockMoment, readFrameworkEvents, readPlan } from '../../lib/board/framework';
import { computeTimeline, type Actor } from '../../lib/board/timeline';
import type { StepIndex } from '../../lib/framework';
import type { Role } from '../../lib/access';
import type { Command } from '../../lib/protocol';
import {
  Editable,
  PanelEditorProvider,
  PanelProvider,
  useNow,
  usePanelEnv,
  usePanelValue,
} from './PanelContext';
import { PinnedSection } from './PinnedSection';
import { ClockSection } from './ClockSection';
import { StepsSection } from './StepsSection';
import { ScopeSection } from './ScopeSection';
import { EstimatesSection } from './EstimatesSection';
import { FocusSection } from './FocusSection';
import { WrapupSection } from './WrapupSection';
import { useRememberedScroll } from './rememberedScroll';

const noCommands = () => false;

/** The shared framework panel: steps, clock, scope, and the tools of steps 2-4. */
export function FrameworkPanel(props: {
  doc: BoardDoc;
  actor: Actor;
  role: Role;
  /** Sends a command to the server (none on the review page). */
  command?: (command: Command) => boolean;
  now: () => number;
  editor: Editor | null;
  readOnly: boolean;
  /** The review page (read-only, and without input forms). */
  review?: boolean;
  /** Extra sections at the end, given the current step (the interviewer's private notes). */
  extra?: (currentStep: StepIndex) => ReactNode;
  /** The problem the candidate is asked to solve, shown at the top. */
  prompt?: string;
  /** Remembers the scroll position in this browser under this key (the board's id), if given. */
  scrollKey?: string;
}) {
  const { doc, actor, role, now, editor, extra, prompt, scrollKey } = props;
  const review = props.review ?? false;
  const readOnly = props.readOnly || review;
  const command = props.command ?? noCommands;
  const env = useMemo(
    () => ({ doc, actor, role, command, now, editor, readOnly, review }),
    [doc, actor, role, command, now, editor, readOnly, review],
  );
  return (
    <PanelProvider value={env}>
      <PanelEditorProvider value={editor}>
        <PanelBody extra={extra} prompt={prompt} scrollKey={scrollKey} />
      </PanelEditorProvider>
    </PanelProvider>
  );
}

function PanelBody({
  extra,
  prompt,
  scrollKey,
}: {
  extra?: (currentStep: StepIndex) => ReactNode;
  prompt?: string;
  scrollKey?: string;
}) {
  const body = useRef<HTMLDivElement>(null);
  useRememberedScroll(body, scrollKey);
  const events = usePanelValue(readFrameworkEvents);
  const plan = usePanelValue(readPlan);
  const { doc } = usePanelEnv();
  const now = useNow();
  // Once the interview ended the clock stands still at that moment (the panel re-renders on the
  // end: the status is part of what it observes).
  const timeline = computeTimeline(events, clockMoment(doc, now));
  const current = timeline.currentStep;
  return (
    <div className="panel-body" ref={body}>
      {prompt?.trim() ? (
        <section className="panel-section problem" aria-label="Problem">
          <h2>Problem</h2>
          <p data-testid="panel.prompt">{prompt}</p>
        </section>
      ) : null}
      <PinnedSection />
      <Editable>
        <ClockSection timeline={timeline} plan={plan} />
        <StepsSection timeline={timeline} budgets={plan.budgetsMinutes} />
        <ScopeSection currentStep={current} />
      </Editable>
      <ToolSection
        title="Back-of-the-envelope estimates"
        step={1}
        current={current}
        testId="panel.tool-estimates"
      >
        <Editable>
          <EstimatesSection />
        </Editable>
      </ToolSection>
      <ToolSection title="Deep-dive focus" step={2} current={current} testId="panel.tool-focus">
        {/* Zooming to a component stays available read-only; FocusSection disables its edits. */}
        <FocusSection />
      </ToolSection>
      <ToolSection title="Wrap-up checklist" step={3} current={current} testId="panel.tool-wrapup">
        <Editable>
          <WrapupSection />
        </Editable>
      </ToolSection>
      {extra?.(current)}
    </div>
  );
}

/** A step's tool: open while its step is current, and whenever someone opens it. */
function ToolSection({
  title,
  step,
  current,
  testId,
  children,
}: {
  title: string;
  step: StepIndex;
  current: StepIndex;
  testId: string;
  children: ReactNode;
}) {
  const [override, setOverride] = useState<{ open: boolean; atStep: StepIndex } | null>(null);
  // A manual choice lasts until the step changes.
  const open = override && override.atStep === current ? override.open : step === current;
  const bodyId = `${testId}-body`;
  return (
    <section className="panel-section tool" data-testid={testId}>
      <h2>
        <button
          type="button"
          className="disclosure"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOverride({ open: !open, atStep: current })}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {title}{' '}
          <span className="muted">(step {step + 1})</span>
        </button>
      </h2>
      <div id={bodyId} hidden={!open}>
        {children}
      </div>
    </section>
  );
}
