/**
 * A component shape as plain SVG, for PNG and SVG exports: the same layout as on the canvas,
 * with the label's lines as the browser wrapped them (between words only).
 */
import type { BoxModel } from 'tldraw';
import type { ComponentShapeProps } from '../../lib/canvas/componentShape';
import { COMPONENT_COLORS, COMPONENT_ICONS } from './icons';
import {
  COMPONENT_FONT_FAMILY,
  LAYOUT,
  type ComponentLayout,
  type Rect,
} from '../../lib/canvas/componentLayout';

const LABEL_COLOR = '#1d1d1f';
const DETAIL_COLOR = '#495057';

function Card({ rect, accent, tint }: { rect: Rect; accent: string; tint: string }) {
  return (
    <rect
      x={rect.x + 1}
      y={rect.y + 1}
      width={Math.max(0, rect.w - 2)}
      height={Math.max(0, rect.h - 2)}
      rx={LAYOUT.radius}
      fill={tint}
      stroke={accent}
      strokeWidth={2}
    />
  );
}

type Spans = ReadonlyArray<{ text: string; box: BoxModel }>;

/** Lines of wrapped text at (`x`, `y`), one `<tspan>` per line. */
function Lines({
  spans,
  x,
  y,
  size,
  color,
}: {
  spans: Spans;
  x: number;
  y: number;
  size: number;
  color: string;
}) {
  return (
    <text
      fontFamily={COMPONENT_FONT_FAMILY}
      fontStyle="normal"
      fontWeight="normal"
      fontSize={size}
      fill={color}
      dominantBaseline="hanging"
    >
      {joinLines(spans).map((line, i) => (
        <tspan key={i} x={x + line.x} y={y + line.y} xmlSpace="preserve">
          {line.text}
        </tspan>
      ))}
    </text>
  );
}

/** Spans on one line joined into one run of text, so exported labels read (and search) as phrases. */
export function joinLines(
  spans: ReadonlyArray<{ text: string; box: BoxModel }>,
): Array<{ text: string; x: number; y: number }> {
  const lines: Array<{ text: string; x: number; y: number }> = [];
  for (const s of spans) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - s.box.y) < 1) last.text += s.text;
    else lines.push({ text: s.text, x: s.box.x, y: s.box.y });
  }
  return lines.map((l) => ({ ...l, text: l.text.trimEnd() })).filter((l) => l.text.trim());
}

/** The export rendering of one component. */
export function ComponentSvg({
  props,
  layout,
  labelSpans,
  detailSpans,
  estimateSpans,
}: {
  props: ComponentShapeProps;
  layout: ComponentLayout;
  labelSpans: Spans;
  detailSpans: Spans;
  estimateSpans: Spans;
}) {
  const { accent, tint } = COMPONENT_COLORS[props.kind];
  const Icon = COMPONENT_ICONS[props.kind];
  const { card } = layout;
  const left = card.x + LAYOUT.padX;
  const iconScale = LAYOUT.icon / 24;
  const font = { fontFamily: COMPONENT_FONT_FAMILY, fontStyle: 'normal', fontWeight: 'normal' };
  return (
    <g>
      {layout.backCards.map((r, i) => (
        <Card key={i} rect={r} accent={accent} tint={tint} />
      ))}
      <Card rect={card} accent={accent} tint={tint} />
      <g
        transform={`translate(${card.x + (card.w - LAYOUT.icon) / 2} ${card.y + LAYOUT.padTop}) scale(${iconScale})`}
        color={accent}
        fill="none"
        stroke={accent}
        strokeWidth={1.75}
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <Icon />
      </g>
      <Lines spans={labelSpans} x={left} y={layout.labelTop} size={layout.labelFont} color={LABEL_COLOR} />
      {layout.details && (
        <Lines
          spans={detailSpans}
          x={left}
          y={layout.detailsTop}
          size={LAYOUT.detailFont}
          color={DETAIL_COLOR}
        />
      )}
      {props.estimate && (
        <>
          <rect
            x={left}
            y={layout.estimateTop}
            width={layout.textWidth}
            height={layout.estimateHeight}
            rx={4}
            fill="#ffffff"
            stroke={accent}
            strokeDasharray="3 2"
          />
          <Lines
            spans={estimateSpans}
            x={left + 4}
            y={layout.estimateTop + 2}
            size={LAYOUT.detailFont}
            color={LABEL_COLOR}
          />
        </>
      )}
      {props.replicas > 1 && (
        <g transform={`translate(${card.x + card.w - 8} ${card.y - 8})`}>
          <rect x={-16} y={0} width={32} height={18} rx={9} fill={accent} />
          <text
            {...font}
            fontWeight="bold"
            fontSize={11}
            fill="#ffffff"
            x={0}
            y={9}
            textAnchor="middle"
            dominantBaseline="central"
          >
            ×{props.replicas}
          </text>
        </g>
      )}
    </g>
  );
}
