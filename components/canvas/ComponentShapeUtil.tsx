/**
 * The browser side of the system-design component shape: rendering, editing, resizing and SVG
 * export. Its props and migrations are the shared ones from lib/canvas/componentShape.ts, so the
 * server validates exactly what this draws.
 */
import {
  DefaultFontFaces,
  HTMLContainer,
  PlainTextLabel,
  Rectangle2d,
  ShapeUtil,
  resizeBox,
  type Geometry2d,
  type SvgExportContext,
  type TLFontFace,
  type TLResizeInfo,
  useEditor,
  useValue,
} from 'tldraw';
import {
  COMPONENT_KIND_LABELS,
  COMPONENT_SHAPE_TYPE,
  clampComponentProps,
  componentShapeMigrations,
  componentShapeProps,
  defaultComponentProps,
  type ComponentShape,
  type ComponentShapeProps,
} from '../../lib/canvas/componentShape';
import { COMPONENT_COLORS, COMPONENT_ICONS } from './icons';
import {
  COMPONENT_FONT_FAMILY,
  LAYOUT,
  layoutComponent,
  type ComponentLayout,
  type MeasureText,
} from '../../lib/canvas/componentLayout';
import { ComponentSvg } from './ComponentSvg';

const LABEL_COLOR = '#1d1d1f';
const FONT_FACES: TLFontFace[] = [
  DefaultFontFaces.tldraw_sans.normal.normal,
  DefaultFontFaces.tldraw_sans.normal.bold,
];

/** Props that change the layout (anything else, e.g. a move, needs no re-measuring). */
function layoutChanged(a: ComponentShapeProps, b: ComponentShapeProps): boolean {
  return (
    a.w !== b.w ||
    a.h !== b.h ||
    a.text !== b.text ||
    a.replicas !== b.replicas ||
    a.tech !== b.tech ||
    a.capacity !== b.capacity ||
    a.estimate !== b.estimate
  );
}

/** The component shape: icon, word-wrapped label, replicas as a stack, typed details. */
export class ComponentShapeUtil extends ShapeUtil<ComponentShape> {
  static override type = COMPONENT_SHAPE_TYPE;
  static override props = componentShapeProps;
  static override migrations = componentShapeMigrations;

  override getDefaultProps(): ComponentShapeProps {
    return defaultComponentProps('box');
  }

  override canEdit(): boolean {
    return true;
  }

  override getGeometry(shape: ComponentShape): Geometry2d {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true });
  }

  override getText(shape: ComponentShape): string {
    return shape.props.text;
  }

  override getAriaDescriptor(shape: ComponentShape): string {
    const kind = COMPONENT_KIND_LABELS[shape.props.kind];
    const replicas = shape.props.replicas > 1 ? `, ${shape.props.replicas} replicas` : '';
    return `${kind}: ${shape.props.text}${replicas}`;
  }

  override getFontFaces(): TLFontFace[] {
    return FONT_FACES;
  }

  /** Measures text the way the label renders it: wrapping only between words. */
  private readonly measure: MeasureText = (text, fontSize, maxWidth) =>
    this.editor.textMeasure.measureText(text, {
      fontFamily: COMPONENT_FONT_FAMILY,
      fontSize,
      fontStyle: 'normal',
      fontWeight: 'normal',
      lineHeight: LAYOUT.lineHeight,
      maxWidth,
      padding: '0px',
      disableOverflowWrapBreaking: true,
      otherStyles: { 'word-break': 'normal', hyphens: 'none' },
    });

  /** The shape's layout at its current size. */
  layout(shape: ComponentShape): ComponentLayout {
    return layoutComponent(shape.props, this.measure);
  }

  /** Grows the shape to fit its text, so a word is never cut and nothing spills out. */
  private fit(shape: ComponentShape): ComponentShape {
    const props = clampComponentProps(shape.props);
    const layout = layoutComponent(props, this.measure);
    const w = Math.max(props.w, layout.neededWidth);
    const sized = w === props.w ? layout : layoutComponent({ ...props, w }, this.measure);
    const h = Math.max(props.h, sized.neededHeight);
    return { ...shape, props: { ...props, w, h } };
  }

  override onBeforeCreate(shape: ComponentShape): ComponentShape {
    return this.fit(shape);
  }

  override onBeforeUpdate(prev: ComponentShape, next: ComponentShape): ComponentShape | void {
    if (!layoutChanged(prev.props, next.props)) return;
    return this.fit(next);
  }

  override onResize(shape: ComponentShape, info: TLResizeInfo<ComponentShape>) {
    return resizeBox(shape, info, { minWidth: LAYOUT.minWidth, minHeight: LAYOUT.minHeight });
  }

  override component(shape: ComponentShape) {
    return <ComponentView shape={shape} layout={this.layout(shape)} />;
  }

  override getIndicatorPath(shape: ComponentShape): Path2D {
    const path = new Path2D();
    path.roundRect(0, 0, shape.props.w, shape.props.h, LAYOUT.radius);
    return path;
  }

  /** Text as the browser wraps it at `width` (between words only), for the SVG export. */
  private spans(text: string, fontSize: number, width: number) {
    if (!text.trim()) return [];
    return this.editor.textMeasure.measureTextSpans(text, {
      overflow: 'wrap',
      width,
      height: 1_000,
      padding: 0,
      fontSize,
      fontWeight: 'normal',
      fontFamily: COMPONENT_FONT_FAMILY,
      fontStyle: 'normal',
      lineHeight: LAYOUT.lineHeight,
      textAlign: 'middle',
      otherStyles: { 'overflow-wrap': 'normal', 'word-break': 'normal', hyphens: 'none' },
    });
  }

  override toSvg(shape: ComponentShape, _ctx: SvgExportContext) {
    const layout = this.layout(shape);
    return (
      <ComponentSvg
        props={shape.props}
        layout={layout}
        labelSpans={this.spans(shape.props.text, layout.labelFont, layout.textWidth)}
        detailSpans={this.spans(layout.details, LAYOUT.detailFont, layout.textWidth)}
        estimateSpans={this.spans(`≈ ${shape.props.estimate}`, LAYOUT.detailFont, layout.textWidth - 8)}
      />
    );
  }
}

/** The shape on the canvas. */
function ComponentView({ shape, layout }: { shape: ComponentShape; layout: ComponentLayout }) {
  const { kind, replicas, estimate } = shape.props;
  const editor = useEditor();
  const isSelected = useValue('component selected', () => editor.getOnlySelectedShapeId() === shape.id, [
    editor,
    shape.id,
  ]);
  const colors = COMPONENT_COLORS[kind];
  const Icon = COMPONENT_ICONS[kind];
  const cardStyle = (r: { x: number; y: number; w: number; h: number }) => ({
    left: r.x,
    top: r.y,
    width: r.w,
    height: r.h,
    borderColor: colors.accent,
    background: colors.tint,
  });
  return (
    <HTMLContainer
      className="br-comp"
      data-kind={kind}
      data-replicas={replicas}
      style={{ width: shape.props.w, height: shape.props.h }}
    >
      {layout.backCards.map((r, i) => (
        <div key={i} className="br-comp__card br-comp__card--back" style={cardStyle(r)} />
      ))}
      <div className="br-comp__card" style={cardStyle(layout.card)} />
      <svg
        className="br-comp__icon"
        style={{
          left: layout.card.x + (layout.card.w - LAYOUT.icon) / 2,
          top: layout.card.y + LAYOUT.padTop,
          color: colors.accent,
        }}
        width={LAYOUT.icon}
        height={LAYOUT.icon}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.75}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        <Icon />
      </svg>
      {replicas > 1 && (
        <div
          className="br-comp__badge"
          data-testid="canvas.component-replicas"
          style={{
            left: layout.card.x + layout.card.w - 8,
            top: layout.card.y - 8,
            background: colors.accent,
          }}
        >
          ×{replicas}
        </div>
      )}
      <div
        className="br-comp__label"
        style={{
          left: layout.card.x + LAYOUT.padX,
          top: layout.labelTop,
          width: layout.textWidth,
          height: layout.labelHeight,
        }}
      >
        <PlainTextLabel
          shapeId={shape.id}
          type={COMPONENT_SHAPE_TYPE}
          text={shape.props.text}
          labelColor={LABEL_COLOR}
          fontFamily={COMPONENT_FONT_FAMILY}
          fontSize={layout.labelFont}
          lineHeight={LAYOUT.lineHeight}
          textAlign="center"
          verticalAlign="start"
          wrap
          isSelected={isSelected}
          showTextOutline={false}
        />
      </div>
      {layout.details && (
        <div
          className="br-comp__details"
          data-testid="canvas.component-details"
          style={{
            left: layout.card.x + LAYOUT.padX,
            top: layout.detailsTop,
            width: layout.textWidth,
            fontSize: LAYOUT.detailFont,
          }}
        >
          {layout.details}
        </div>
      )}
      {estimate && (
        <div
          className="br-comp__estimate"
          data-testid="canvas.component-estimate"
          style={{
            left: layout.card.x + LAYOUT.padX,
            top: layout.estimateTop,
            width: layout.textWidth,
            fontSize: LAYOUT.detailFont,
            borderColor: colors.accent,
          }}
        >
          ≈ {estimate}
        </div>
      )}
    </HTMLContainer>
  );
}
