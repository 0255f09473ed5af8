/**
 * "During scope, show the scope": when the moment being replayed is one where the panel changed
 * (and the canvas did not, more recently), the panel part that changed is opened, scrolled into
 * view and highlighted, so a reviewer sees requirements being written as they were.
 */
import type { ReplayEngine } from '../../lib/board/replay';
import { Part } from '../../lib/board/moments';

/** Panel changes this recent (board time) still count as "what is happening now". */
const RECENT_MS = 20_000;

/** What the panel should highlight at a log position, or null. */
export interface PanelHighlight {
  part: 'scope' | 'estimates' | 'focus' | 'wrapup';
  /** The record that changed, when known. */
  recordId: string | null;
}

const PANEL_PARTS: Array<[number, PanelHighlight['part']]> = [
  [Part.scope, 'scope'],
  [Part.estimates, 'estimates'],
  [Part.focus, 'focus'],
  [Part.wrapup, 'wrapup'],
];

/** The panel part changed most recently before `index`, unless the canvas changed after it. */
export function panelHighlightAt(engine: ReplayEngine, index: number): PanelHighlight | null {
  const { entries, parts } = engine;
  const now = entries[index - 1]?.at;
  if (now === undefined) return null;
  for (let i = index - 1; i >= 0 && entries[i]!.at >= now - RECENT_MS; i--) {
    const flags = parts[i] ?? 0;
    for (const [flag, part] of PANEL_PARTS) {
      if (flags & flag) {
        const record = engine.records.get(i);
        return { part, recordId: record && record.part === part ? record.id : null };
      }
    }
    if (flags & Part.canvas) return null;
  }
  return null;
}

const TOOL_TEST_IDS: Record<PanelHighlight['part'], string | null> = {
  scope: null,
  estimates: 'panel.tool-estimates',
  focus: 'panel.tool-focus',
  wrapup: 'panel.tool-wrapup',
};

const SECTION_SELECTORS: Record<PanelHighlight['part'], string> = {
  scope: '[data-testid="panel.scope-section"]',
  estimates: '[data-testid="panel.tool-estimates"]',
  focus: '[data-testid="panel.tool-focus"]',
  wrapup: '[data-testid="panel.tool-wrapup"]',
};

/** The class a highlighted part of the panel carries. */
export const HIGHLIGHT_CLASS = 'replay-highlight';

/** Applies `highlight` to the panel in `root` (and clears the previous one). */
export function applyPanelHighlight(root: ParentNode, highlight: PanelHighlight | null): void {
  for (const el of root.querySelectorAll(`.${HIGHLIGHT_CLASS}`)) el.classList.remove(HIGHLIGHT_CLASS);
  if (!highlight) return;
  const tool = TOOL_TEST_IDS[highlight.part];
  if (tool) {
    const toggle = root.querySelector<HTMLButtonElement>(
      `[data-testid="${tool}"] button[aria-expanded="false"]`,
    );
    toggle?.click();
  }
  const record =
    highlight.recordId !== null
      ? root.querySelector<HTMLElement>(`[data-record-id="${CSS.escape(highlight.recordId)}"]`)
      : null;
  const target = record ?? root.querySelector<HTMLElement>(SECTION_SELECTORS[highlight.part]);
  if (!target) return;
  target.classList.add(HIGHLIGHT_CLASS);
  target.scrollIntoView({ block: 'nearest' });
}
