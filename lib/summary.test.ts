import { describe, expect, it } from 'vitest';
import { renderSummary } from './summary';
import { createBoardDoc, wrapupMap } from './board/schema';
import { addScopeItem, updateScopeItem, readScope } from './board/scope';
import { setClockRunning, setStep } from './board/framework';
import { setNote } from './board/notes';
import { readNotes } from './board/notes';
import * as Y from 'yjs';

const ada = { id: 'a', name: 'Ada' };
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MIN = 60_000;

describe('Markdown summary', () => {
  it('keeps multi-line text multi-line and escapes only what would format', () => {
    const doc = createBoardDoc();
    setClockRunning(doc, true, ada, T0);
    addScopeItem(doc, {
      kind: 'assumption',
      text: 'Reads -> writes is 10:1\nsnake_case ids',
      step: 0,
      by: ada,
      at: T0 + MIN,
    });
    addScopeItem(doc, { kind: 'question', text: 'How many users?', step: 0, by: ada, at: T0 + 2 * MIN });
    const q = readScope(doc).find((i) => i.kind === 'question')!;
    updateScopeItem(doc, q.id, { answer: '10M daily\n50M monthly' });
    setStep(doc, 1, ada, T0 + 6 * MIN);
    wrapupMap(doc).set('bottlenecks:note', 'Cache -> DB hot keys\n# not a heading\n- not a list *really*');
    const notesDoc = new Y.Doc();
    setNote(notesDoc, 'overall', 'Line one\nLine two\nLine three');
    const text = renderSummary(
      {
        id: 'b1',
        title: 'Design a <chat> service',
        prompt: 'Design chat.\nMobile first.',
        status: 'ended',
        createdAt: T0,
        updatedAt: T0 + 10 * MIN,
        endedAt: T0 + 10 * MIN,
        candidateName: 'Cai',
        questionId: null,
        questionTitle: null,
      },
      doc,
      { now: T0 + 10 * MIN, notes: readNotes(notesDoc) },
    );
    expect(text).toBe(EXPECTED);
  });
});

const EXPECTED = [
  '# Design a \\<chat> service',
  '',
  '- Status: ended 2026-01-05 09:10 UTC',
  '- Created: 2026-01-05 09:00 UTC',
  '- Candidate: Cai',
  '- Planned length: 45 min; clock time used: 10:00',
  '',
  '## Problem',
  '',
  'Design chat.\\',
  'Mobile first.',
  '',
  '## Steps',
  '',
  '| Step | Time spent | Budget |',
  '| --- | --- | --- |',
  '| 1. Understand the problem and scope | 6:00 | 5 min |',
  '| 2. High-level design | 4:00 | 15 min |',
  '| 3. Deep dive | 0:00 | 20 min |',
  '| 4. Wrap-up | 0:00 | 5 min |',
  '',
  'Step changes:',
  '',
  '- 2026-01-05 09:06 UTC: Ada moved to step 2',
  '',
  '## Scope and requirements',
  '',
  '### Assumptions',
  '',
  '- Reads -> writes is 10:1\\',
  '  snake_case ids _(step 1, Ada)_',
  '',
  '### Clarifying questions',
  '',
  '- How many users? → 10M daily\\',
  '  50M monthly _(step 1, Ada)_',
  '',
  '## Wrap-up',
  '',
  '- [ ] Recap the design',
  '- [ ] Bottlenecks and improvements: Cache -> DB hot keys\\',
  '  \\# not a heading\\',
  '  \\- not a list \\*really\\*',
  '- [ ] Error cases',
  '- [ ] Operations',
  '- [ ] The next 10x',
  '',
  '## Interviewer notes (private)',
  '',
  '### Overall',
  '',
  'Line one\\',
  'Line two\\',
  'Line three',
  '',
  '| Criterion | Score |',
  '| --- | --- |',
  '| Problem navigation | — |',
  '| Solution design | — |',
  '| Technical depth | — |',
  '| Communication | — |',
  '| Overall | — |',
  '',
].join('\n');
