/** A safe file name (no extension) from a board title. */
export function fileNameFor(title: string): string {
  return (
    title
      .replace(/[^A-Za-z0-9 _-]+/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 80) || 'board'
  );
}
