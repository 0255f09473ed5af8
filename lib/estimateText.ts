/** Human-readable lines for an estimate's results (panel table, canvas note, summary). */
import {
  formatBytes,
  formatBytesPerSecond,
  formatCount,
  type EstimateInputs,
  type EstimateResults,
} from './backOfEnvelope';

/** Rows of label and value. */
export function resultRows(r: EstimateResults, inputs: EstimateInputs): Array<[string, string]> {
  return [
    ['Daily active users', formatCount(r.dau)],
    ['Write QPS (avg / peak)', `${formatCount(r.writeQpsAverage)} / ${formatCount(r.writeQpsPeak)}`],
    ['Read QPS (avg / peak)', `${formatCount(r.readQpsAverage)} / ${formatCount(r.readQpsPeak)}`],
    ['Storage per day', formatBytes(r.storagePerDayBytes)],
    [`Storage over ${inputs.retentionYears ?? 0} y`, formatBytes(r.storageTotalBytes)],
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
