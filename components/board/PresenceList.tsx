import type { Participant } from '../../lib/board/connection';

/** Who is on the board right now. */
export function PresenceList({
  participants,
  onRename,
}: {
  participants: Participant[];
  onRename: () => void;
}) {
  return (
    <ul className="presence" aria-label="People on this board" data-testid="presence-list">
      {participants.map((p) => (
        <li key={p.clientId} title={p.self ? `${p.name} (you)` : p.name}>
          <span className="avatar" style={{ background: p.color }} aria-hidden="true">
            {p.name.slice(0, 1).toUpperCase()}
          </span>
          {p.self ? (
            <button
              type="button"
              className="link-button"
              onClick={onRename}
              aria-label={`${p.name} (you), change your name`}
            >
              {p.name} (you)
            </button>
          ) : (
            <span className="name">{p.name}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
