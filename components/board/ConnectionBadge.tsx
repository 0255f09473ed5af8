import type { ConnectionState } from '../../lib/board/connection';
import { CloseCode } from '../../lib/protocol';

const LABELS: Record<ConnectionState['kind'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
};

/** Explains a permanent close to a person. */
export function describeClose(code: number, reason: string): string {
  switch (code) {
    case CloseCode.NotFound:
      return 'This board does not exist any more.';
    case CloseCode.Unauthorized:
      return reason === 'link revoked'
        ? 'This link was revoked by the interviewer.'
        : 'Your link is not valid for this board.';
    case CloseCode.Forbidden:
      return 'You do not have access to this board.';
    case CloseCode.DocumentTooLarge:
      return 'This board has reached its size limit.';
    case CloseCode.Malformed:
      return `The server refused a change from this tab (${reason || 'invalid'}). Reload the page to continue.`;
    default:
      return reason || `The server closed the connection (${code}).`;
  }
}

/** Connection state at a glance; edits made while not connected are kept and sent later. */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const title =
    state.kind === 'closed'
      ? describeClose(state.code, state.reason)
      : state.kind === 'connected'
        ? 'Changes are saved and shared live.'
        : 'Your changes are kept in this tab and sent when the connection returns.';
  return (
    <span
      className={`badge badge-${state.kind}`}
      role="status"
      title={title}
      data-testid="connection-state"
      data-state={state.kind}
    >
      <span className="dot" aria-hidden="true" />
      <span className="badge-label">{LABELS[state.kind]}</span>
    </span>
  );
}
