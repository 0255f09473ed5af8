/**
 * Following, inside tldraw's own layout (so nothing lands on its menus at any width): whom you
 * follow, above tldraw's "Stop following" under the main menu; and the interviewer's "Bring
 * everyone to me" beside the people at the top right, with how many follow them now.
 */
'use client';
import { createContext, useContext } from 'react';
import {
  DefaultHelperButtons,
  DefaultHelperButtonsContent,
  useEditor,
  useTldrawUiComponents,
  useValue,
} from 'tldraw';

/** The interviewer's "Bring everyone to me" (null for everyone else). */
export const BringEveryoneContext = createContext<(() => void) | null>(null);

/** "Following Ines", then tldraw's helper buttons ("Stop following" among them). */
export function BoardHelperButtons() {
  return (
    <DefaultHelperButtons>
      <FollowingNote />
      <DefaultHelperButtonsContent />
    </DefaultHelperButtons>
  );
}

function FollowingNote() {
  const editor = useEditor();
  const name = useValue(
    'followed name',
    () => {
      const id = editor.getInstanceState().followingUserId;
      if (!id) return null;
      return editor.getCollaborators().find((c) => c.userId === id)?.userName ?? null;
    },
    [editor],
  );
  if (!name) return null;
  return (
    <div className="br-following" role="status" data-testid="follow-bar">
      Following <strong>{name}</strong>
    </div>
  );
}

/** tldraw's people at the top right, after the interviewer's "Bring everyone to me". */
export function BoardSharePanel() {
  const { PeopleMenu } = useTldrawUiComponents();
  const bring = useContext(BringEveryoneContext);
  return (
    <div className="tlui-share-zone" draggable={false}>
      {bring && <BringEveryone bring={bring} />}
      {PeopleMenu && <PeopleMenu />}
    </div>
  );
}

function BringEveryone({ bring }: { bring: () => void }) {
  const editor = useEditor();
  const others = useValue('others here', () => editor.getCollaborators().length > 0, [editor]);
  const followers = useValue(
    'followers',
    () => {
      const me = editor.user.getRecordId();
      return editor.getCollaborators().filter((c) => c.followingUserId === me).length;
    },
    [editor],
  );
  if (!others) return null;
  return (
    <div className="br-bring">
      {followers > 0 && (
        <span className="br-bring__count" data-testid="canvas.followers">
          {followers} following you
        </span>
      )}
      <button
        type="button"
        className="br-bring__button"
        onClick={bring}
        title="Everyone else follows your view until they move their own"
        data-testid="canvas.bring-everyone"
      >
        Bring everyone to me
      </button>
    </div>
  );
}
