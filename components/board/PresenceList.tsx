import type { Participant } from '../../lib/board/connection';

/** Who is on the board right now; click someone to follow their view (again: stop). */
export function PresenceList({
  participants,
  onRename,
  followedId,
  onFollow,
  onStopFollowing,
}: {
  participants: Participant[];
  onRename: () => void;
  /** The person this tab follows, if any. */
  followedId?: string | null;
  onFollow?: (p: Participant) => void;
  onStopFollowing?: () => void;
}) {
  return (
    <ul className="presence" aria-label="People on this board" data-testid="presence-list">
      {participants.map((p) => {
        const avatar = (
          <span className="avatar" style={{ background: p.color }} aria-hidden="true">
            {p.name.slice(0, 1).toUpperCase()}
          </span>
        );
        if (p.self) {
          return (
            <li key={p.clientId} title={`${p.name} (you)`}>
              {avatar}
              <button
                type="button"
                className="link-button"
                onClick={onRename}
                aria-label={`${p.name} (you), change your name`}
              >
                {p.name} (you)
              </button>
            </li>
          );
        }
        const followed = followedId === p.id;
        if (!onFollow) {
          return (
            <li key={p.clientId} title={p.name}>
              {avatar}
              <span className="name">{p.name}</span>
            </li>
          );
        }
        return (
          <li key={p.clientId}>
            <button
              type="button"
              className="presence-follow"
              aria-pressed={followed}
              title={followed ? `Following ${p.name}: click to stop` : `Follow ${p.name}'s view`}
              onClick={() => (followed ? onStopFollowing?.() : onFollow(p))}
            >
              {avatar}
              <span className="name">{p.name}</span>
              <span className="visually-hidden">, follow their view</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
