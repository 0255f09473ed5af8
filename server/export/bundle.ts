/**
 * The export bundle, built on the server: summary.md (which shows board.svg), board.svg,
 * board.png and board.tldr in one .zip. The diagram is drawn from the board's stored records
 * (lib/diagram/render.ts) in steps that yield to the event loop, rasterised by resvg off the main
 * thread, and zipped off it too (./zip.ts) (docs/architecture.md, "Export bundle").
 */
import { renderAsync } from '@resvg/resvg-js';
import type { RecordJson, SerializedSchemaJson } from '../../lib/board/schema';
import { renderDiagramSteps, type Diagram, type RenderLimits } from '../../lib/diagram/render';
import { xml } from '../../lib/diagram/text';
import { BACKGROUND } from '../../lib/diagram/palette';
import { diagramFont, DIAGRAM_FONT_FAMILY } from './fonts';
import { zipFiles } from './zip';

/** Longest side of board.png, in pixels (as the browser's PNG export). */
export const MAX_PNG_SIDE_PX = 2_400;

/** What goes into a bundle. */
export interface BundleInput {
  /** The Markdown summary (the server's, as `GET …/summary.md` sends it). */
  summary: string;
  records: readonly RecordJson[];
  schema: SerializedSchemaJson | null;
  limits?: Partial<RenderLimits>;
}

/** A built bundle and what it took. */
export interface Bundle {
  zip: Uint8Array;
  diagram: Pick<Diagram, 'width' | 'height' | 'shapes' | 'omitted'>;
  png: { width: number; height: number };
  /** Milliseconds: drawing the SVG (main thread, in steps), rasterising (worker thread), zipping. */
  timings: { svg: number; png: number; zip: number; longestStepMs: number };
}

/** Drawing yields to the event loop once it has run this long (a shape takes well under 1 ms). */
const SLICE_MS = 8;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The SVG of a board with nothing on its page. */
function emptyDiagram(): Diagram {
  const width = 320;
  const height = 120;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xml(DIAGRAM_FONT_FAMILY)}, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="${BACKGROUND}"/>`,
    `<text x="${width / 2}" y="${height / 2 + 6}" font-size="16" fill="#495057" text-anchor="middle">Nothing on the canvas</text>`,
    '</svg>',
  ].join('\n');
  return { svg, width, height, shapes: 0, omitted: 0 };
}

/**
 * The .tldr file: tldraw's file format (version 1) with the board's schema and records, images
 * left as links to this server (the browser's export inlines them when it can fetch them).
 */
export function tldrFile(records: readonly RecordJson[], schema: SerializedSchemaJson | null): string {
  const used = new Set<string>();
  for (const r of records) {
    const assetId = (r.props as { assetId?: unknown } | undefined)?.assetId;
    if (r.typeName === 'shape' && typeof assetId === 'string') used.add(assetId);
  }
  return JSON.stringify({
    tldrawFileFormatVersion: 1,
    schema,
    records: records.filter((r) => r.typeName !== 'asset' || used.has(r.id)),
  });
}

/** Builds the bundle. */
export async function buildBundle(input: BundleInput): Promise<Bundle> {
  const font = diagramFont();
  let started = performance.now();
  let longestStepMs = 0;
  const steps = renderDiagramSteps(input.records, {
    measure: font.measure,
    fontFamily: `${DIAGRAM_FONT_FAMILY}, sans-serif`,
    limits: input.limits,
    shapesPerStep: 1,
  });
  let diagram: Diagram | null;
  let slice = performance.now();
  for (;;) {
    const next = steps.next();
    const now = performance.now();
    if (next.done) {
      longestStepMs = Math.max(longestStepMs, now - slice);
      diagram = next.value;
      break;
    }
    if (now - slice >= SLICE_MS) {
      longestStepMs = Math.max(longestStepMs, now - slice);
      await yieldToLoop();
      slice = performance.now();
    }
  }
  diagram ??= emptyDiagram();
  const svgMs = performance.now() - started;

  started = performance.now();
  const zoom = Math.min(2, MAX_PNG_SIDE_PX / Math.max(diagram.width, diagram.height));
  const image = await renderAsync(diagram.svg, {
    fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: false, fontFiles: font.files, defaultFontFamily: DIAGRAM_FONT_FAMILY },
    logLevel: 'off',
  });
  const png = image.asPng();
  const pngMs = performance.now() - started;

  started = performance.now();
  const summary = `${input.summary.trimEnd()}\n\n## Final diagram\n\n![The board](board.svg)\n`;
  const text = (s: string) => new TextEncoder().encode(s);
  const zip = await zipFiles([
    { name: 'summary.md', data: text(summary) },
    { name: 'board.svg', data: text(diagram.svg) },
    // A PNG is compressed already: stored as it is.
    { name: 'board.png', data: png, store: true },
    { name: 'board.tldr', data: text(tldrFile(input.records, input.schema)) },
  ]);
  const zipMs = performance.now() - started;
  return {
    zip,
    diagram: {
      width: diagram.width,
      height: diagram.height,
      shapes: diagram.shapes,
      omitted: diagram.omitted,
    },
    png: { width: image.width, height: image.height },
    timings: { svg: svgMs, png: pngMs, zip: zipMs, longestStepMs },
  };
}
