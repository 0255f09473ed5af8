/**
 * Following someone's view (tldraw's follow): click a person in the header to follow them; the
 * interviewer's "Bring everyone to me" makes everyone else follow them. Following ends when this
 * person moves their own camera (tldraw stops it on any pan or zoom) or presses "Stop following".
 */
'use client';
import { useCallback, useEffect, useRef } from 'react';
import { useValue, type Editor, type TLUserId } from 'tldraw';
import type { Participant } from '../../lib/board/connection';

/** A participant's tldraw user id (their presence's `userId`: lib/board/tldraw.ts publishes it). */
const userIdOf = (p: Participant) => p.id as TLUserId;

export interface Following {
  /** The person whose view this tab follows, while it does. */
  followed: Participant | null;
  follow: (p: Participant) => void;
  stop: () => void;
}

export function useFollowing(editor: Editor | null, participants: Participant[]): Following {
  const followingId = useValue('following user', () => editor?.getInstanceState().followingUserId ?? null, [
    editor,
  ]);
  // Each person's last "Bring everyone to me" as first seen here: one made before this tab saw
  // them (an old request) is not acted on, only a new one.
  const seen = useRef(new Map<number, number | null>());
  useEffect(() => {
    for (const p of participants) {
      if (p.self) continue;
      const now = p.gather ?? null;
      const before = seen.current.get(p.clientId);
      seen.current.set(p.clientId, now);
      if (before === undefined || now === null || now === before) continue;
      editor?.startFollowingUser(userIdOf(p));
    }
  }, [participants, editor]);
  const follow = useCallback((p: Participant) => editor?.startFollowingUser(userIdOf(p)), [editor]);
  const stop = useCallback(() => editor?.stopFollowingUser(), [editor]);
  const followed = followingId ? (participants.find((p) => !p.self && p.id === followingId) ?? null) : null;
  return { followed, follow, stop };
}
