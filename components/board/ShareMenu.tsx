'use client';
import { useState } from 'react';
import { LinkResponse } from '../../lib/api';
import type { LinkRole } from '../../lib/access';
import { callApi } from '../apiClient';
import { CopyField } from './CopyField';
import { rememberLink, rememberedLinks } from './linkStore';

const LABELS: Record<LinkRole, string> = { candidate: 'Candidate link', reviewer: 'Review link (read-only)' };

/** Interviewer only: copy, regenerate or revoke the board's candidate and review links. */
export function ShareMenu({ boardId }: { boardId: string }) {
  const [open, setOpen] = useState(false);
  const [links, setLinks] = useState(() => rememberedLinks(boardId));
  const [message, setMessage] = useState<string | null>(null);

  async function regenerate(role: LinkRole) {
    if (!window.confirm(`Make a new ${LABELS[role].toLowerCase()}? The current one stops working at once.`))
      return;
    try {
      const { url } = await callApi(`/api/boards/${boardId}/links/${role}`, { method: 'POST' }, LinkResponse);
      rememberLink(boardId, role, url);
      setLinks(rememberedLinks(boardId));
      setMessage(`New ${LABELS[role].toLowerCase()} ready.`);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  }

  async function revoke(role: LinkRole) {
    if (!window.confirm(`Revoke the ${LABELS[role].toLowerCase()}? Anyone using it is disconnected.`)) return;
    try {
      await callApi(`/api/boards/${boardId}/links/${role}`, { method: 'DELETE' });
      rememberLink(boardId, role, null);
      setLinks(rememberedLinks(boardId));
      setMessage(`${LABELS[role]} revoked.`);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <div className="share">
      <button
        type="button"
        className="button secondary"
        aria-expanded={open}
        aria-controls="share-menu"
        onClick={() => setOpen(!open)}
      >
        Share
      </button>
      {open && (
        <div id="share-menu" className="share-menu card" role="region" aria-label="Share this board">
          {(['candidate', 'reviewer'] as const).map((role) => (
            <div key={role} className="share-link">
              {links[role] ? (
                <CopyField label={LABELS[role]} value={links[role]!} testId={`share.${role}-url`} />
              ) : (
                <p className="muted">
                  {LABELS[role]}: not available in this browser (make a new one to copy it).
                </p>
              )}
              <div className="field-inline">
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => regenerate(role)}
                  data-testid={`share.${role}-regenerate`}
                >
                  New link
                </button>
                <button
                  type="button"
                  className="button secondary danger"
                  onClick={() => revoke(role)}
                  data-testid={`share.${role}-revoke`}
                >
                  Revoke
                </button>
              </div>
            </div>
          ))}
          {message && (
            <p role="status" className="muted">
              {message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
