/** Human-readable lines for an estimate's results (panel table, canvas note, summary). */
import {
  formatBytes,
  formatBytesPerSecond,
  formatCount,
  type EstimateInputs,
  type EstimateResults,
} from './backOfEnvelope';

/** How many copies a storage figure counts: every label says whether replication is in it. */
function copies(replication: number | null): string {
  return replication && replication > 1 ? `×${replication} replicas` : 'one copy';
}

/** Rows of label and value. */
export function resultRows(r: EstimateResults, inputs: EstimateInputs): Array<[string, string]> {
  return [
    ['Daily active users', formatCount(r.dau)],
    ['Write QPS (avg / peak)', `${formatCount(r.writeQpsAverage)} / ${formatCount(r.writeQpsPeak)}`],
    ['Read QPS (avg / peak)', `${formatCount(r.readQpsAverage)} / ${formatCount(r.readQpsPeak)}`],
    ['Storage per day (one copy)', formatBytes(r.storagePerDayBytes)],
    [
      `Storage over ${inputs.retentionYears ?? 0} y (${copies(inputs.replication)})`,
      formatBytes(r.storageTotalBytes),
    ],
    [
      'Bandwidth in / out',
      `${formatBytesPerSecond(r.ingressBytesPerSecond)} / ${formatBytesPerSecond(r.egressBytesPerSecond)}`,
    ],
  ];
}

/** The estimate as one note. */
export function estimateNoteText(label: string, r: EstimateResults, inputs: EstimateInputs): string {
  return [label, ...resultRows(r, inputs).map(([k, v]) => `${k}: ${v}`)].join('\n');
}

/** Figures of an estimate that can be attached to a component on the canvas. */
export const ATTACHABLE_FIGURES = [
  { key: 'readQpsPeak', label: 'peak read QPS', value: (r: EstimateResults) => formatCount(r.readQpsPeak) },
  {
    key: 'writeQpsPeak',
    label: 'peak write QPS',
    value: (r: EstimateResults) => formatCount(r.writeQpsPeak),
  },
  {
    key: 'storageTotal',
    label: 'storage, all copies',
    value: (r: EstimateResults) => formatBytes(r.storageTotalBytes),
  },
  {
    key: 'storagePerDay',
    label: 'storage per day, one copy',
    value: (r: EstimateResults) => formatBytes(r.storagePerDayBytes),
  },
  {
    key: 'egress',
    label: 'bandwidth out',
    value: (r: EstimateResults) => formatBytesPerSecond(r.egressBytesPerSecond),
  },
  {
    key: 'ingress',
    label: 'bandwidth in',
    value: (r: EstimateResults) => formatBytesPerSecond(r.ingressBytesPerSecond),
  },
  { key: 'dau', label: 'daily active users', value: (r: EstimateResults) => formatCount(r.dau) },
] as const;

/** One attachable figure of one estimate: what the component shows and where it came from. */
export interface FigureChoice {
  /** `<estimate id>:<figure key>`, stored on the component. */
  ref: string;
  /** What the component shows, e.g. "Posts: peak read QPS 6.94K". */
  text: string;
}

/** Every figure of an estimate that can go on a component. */
export function figureChoices(estimateId: string, label: string, r: EstimateResults): FigureChoice[] {
  return ATTACHABLE_FIGURES.map((f) => ({
    ref: `${estimateId}:${f.key}`,
    text: `${label}: ${f.label} ${f.value(r)}`,
  }));
}
