'use client';
import { formatDuration } from '../../lib/board/timeline';
import type { Author } from './authors';

/** Who drew: a colour per person, their time on the canvas, and the "colour by author" switch. */
export function AuthorLegend({
  authors,
  byAuthor,
  onByAuthor,
}: {
  authors: readonly Author[];
  byAuthor: boolean;
  onByAuthor: (on: boolean) => void;
}) {
  if (authors.length === 0) return null;
  return (
    <div className="author-legend" role="group" aria-label="Who drew" data-testid="review.authors">
      <label className="timeline-filter">
        <input
          type="checkbox"
          checked={byAuthor}
          onChange={(e) => onByAuthor(e.target.checked)}
          data-testid="review.by-author"
        />{' '}
        Colour by author
      </label>
      {authors.map((a) => (
        <span key={a.name} className="author" data-testid="review.author" data-colour={a.colour}>
          <span className="swatch" style={{ background: a.colour }} aria-hidden="true" />
          {a.name} <span className="muted">({a.role})</span>{' '}
          <span className="muted" title="Time with canvas changes, in five-second spans">
            {formatDuration(a.canvasMs)} on canvas
          </span>
        </span>
      ))}
    </div>
  );
}
