import { expect, it } from 'vitest';
import { ServerClock, measureClockOffset } from './serverClock';

it('estimates the server offset from round trips', async () => {
  const offset = await measureClockOffset(async () => Date.now() + 5_000);
  expect(Math.abs(offset - 5_000)).toBeLessThan(50);
  const clock = new ServerClock();
  await clock.sync(async () => Date.now() - 60_000);
  expect(Math.abs(clock.now() - (Date.now() - 60_000))).toBeLessThan(50);
  await clock.sync(async () => {
    throw new Error('offline');
  });
  expect(Math.abs(clock.now() - (Date.now() - 60_000))).toBeLessThan(50);
});
