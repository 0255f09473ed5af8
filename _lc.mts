import { liveCompaction } from './bench/storage';
for (let i = 0; i < 2; i++) for (const w of ['thread'] as const) {
  const t = performance.now();
  const r = await liveCompaction(w);
  console.log(JSON.stringify(r), (performance.now() - t).toFixed(0));
}
