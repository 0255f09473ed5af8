/**
 * tldraw's embed shape without its frame. tldraw frames any page an embed names, known site or
 * not; the pages' CSP (`frame-src 'none'`) blocks that frame, so every viewer saw a broken box
 * where a board's content should be (docs/architecture.md, "Authority"). The server refuses new
 * embeds and the menus do not offer them; a board that holds one from before shows where it
 * pointed, as text, and never asks for it (not even its size).
 */
import { EmbedShapeUtil, HTMLContainer, type TLEmbedShape } from 'tldraw';

export class FramelessEmbedShapeUtil extends EmbedShapeUtil {
  override canEdit(): boolean {
    return false;
  }

  /** tldraw asks the link's page for its size: nothing is fetched. */
  override async resolveAspectRatio(): Promise<void> {}

  override component(shape: TLEmbedShape) {
    return (
      <HTMLContainer
        id={shape.id}
        className="board-embed"
        style={{ width: shape.props.w, height: shape.props.h }}
      >
        <span className="board-embed__title">Embedded page (not loaded)</span>
        <span className="board-embed__url">{shape.props.url}</span>
      </HTMLContainer>
    );
  }
}
