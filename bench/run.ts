/**
 * `npm run bench`: every benchmark in one run; a table on stdout and bench/results/latest.json.
 * Env: BENCH_ROOMS (default 10,100,500,1000), BENCH_EDITS (200), BENCH_SHAPES (5000),
 * BENCH_ONLY (comma list of: browser, large, pages, review, fanout, memory, room, storage), BENCH_FANOUT (comma
 * list of: boardroom, boardroom-2, reference), BENCH_MEMORY_ROOMS (1000).
 */
import fs from 'node:fs';
import os from 'node:os';
import { fanout, roomMemory } from './fanout';
import { browserLatency, largeBoard } from './browser';
import {
  followPollTimes,
  liveCompaction,
  loadTimes,
  replayTimes,
  storagePerHour,
  reviewReadCosts,
  postgresLogReads,
} from './storage';
import { reviewPage } from './review';
import { pageLoads } from './pages';
import { roomWork } from './roomWork';

const rooms = (process.env.BENCH_ROOMS ?? '10,100,500,1000').split(',').map(Number);
const edits = Number(process.env.BENCH_EDITS ?? 200);
const shapes = Number(process.env.BENCH_SHAPES ?? 5000);
const only = new Set(
  (process.env.BENCH_ONLY ?? 'browser,large,pages,review,fanout,memory,room,storage').split(','),
);

function table(title: string, rows: Array<Record<string, unknown>>): void {
  console.log(`\n${title}`);
  console.table(rows);
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
  };
  if (only.has('browser')) {
    results.browserLatency = await browserLatency(edits);
    table('Edit-to-remote latency in Chromium (ms)', [results.browserLatency as Record<string, unknown>]);
  }
  if (only.has('large')) {
    const large = await largeBoard(shapes);
    results.largeBoard = large;
    const { phases, ...summary } = large;
    table(`Large board (${shapes} shapes; median of 3 page opens; reference: the same page, empty board)`, [
      summary,
    ]);
    table('Page phases, ms from navigation start (median)', [
      { board: 'empty', ...phases.empty },
      { board: `${shapes} shapes`, ...phases.large },
    ]);
  }
  if (only.has('storage')) {
    results.storagePerHour = await storagePerHour();
    results.loadFromStorage = await loadTimes(shapes);
    results.replay = replayTimes();
    results.followPoll = await followPollTimes();
    results.reviewReads = await reviewReadCosts();
    results.postgresLog = await postgresLogReads();
    results.liveCompaction = [await liveCompaction('thread'), await liveCompaction('in-process')];
    table('Storage per scripted hour (bytes)', [results.storagePerHour as Record<string, unknown>]);
    table(
      'Live compaction of the scripted hour (one pass a minute, entries older than 5 min)',
      results.liveCompaction as Array<Record<string, unknown>>,
    );
    table('Server load from storage (ms, median of 7)', [results.loadFromStorage as Record<string, unknown>]);
    table('Rebuild at an arbitrary moment of a two-hour log', [results.replay as Record<string, unknown>]);
    table('One poll of a review page following a two-hour live board (ms, median of 15)', [
      results.followPoll as Record<string, unknown>,
    ]);
    table(
      'Review reads of a two-hour log: on the event loop (before) and off it (ms, median of 7)',
      results.reviewReads as Array<Record<string, unknown>>,
    );
    table('/log of a two-hour log on PostgreSQL: whole (before) and in pages (ms, median of 7)', [
      results.postgresLog as Record<string, unknown>,
    ]);
  }
  if (only.has('pages')) {
    const pages = await pageLoads();
    results.pageLoads = pages;
    table('Pages as a new user opens them (ms; bytes and requests of the cold open)', pages as never);
  }
  if (only.has('review')) {
    const review = await reviewPage();
    results.reviewPage = review;
    table(`Review page of a two-hour board of ${review.updates} updates (ms)`, [
      { log: 'as written', ...review.raw },
      { log: 'compacted by the server', ...review.compacted },
    ]);
  }
  if (only.has('fanout')) {
    const levels = await fanout(rooms, (line) => console.log(line));
    results.fanout = levels;
    table(
      'Fan-out under load (2 clients per room; 20 updates/s + 10 awareness/s per sender)',
      levels as never,
    );
    const ratios = rooms
      .map((r) => {
        const ours = levels.find((l) => l.server === 'boardroom' && l.rooms === r);
        const ref = levels.find((l) => l.server === 'reference' && l.rooms === r);
        return ours && ref
          ? {
              rooms: r,
              throughputRatio: +(ours.deliveredPerSecond / ref.deliveredPerSecond).toFixed(2),
              p99Ratio: +(ours.p99Ms / ref.p99Ms).toFixed(2),
            }
          : null;
      })
      .filter(Boolean);
    results.fanoutRatios = ratios;
    table('Boardroom / reference', ratios as never);
  }
  if (only.has('memory')) {
    const memory = await roomMemory(Number(process.env.BENCH_MEMORY_ROOMS ?? 1000));
    results.roomMemory = memory;
    table(
      'Memory of open two-person rooms (RSS; 1 update and 1 cursor move a second per sender)',
      memory as never,
    );
  }
  if (only.has('room')) {
    results.roomWork = await roomWork();
    table("The room's own work per update + presence pair (µs, median of 3 runs)", [
      results.roomWork as Record<string, unknown>,
    ]);
  }
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2) + '\n');
  console.log('\nwrote bench/results/latest.json');
  process.exit(0);
}

void main();
