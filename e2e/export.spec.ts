import fs from 'node:fs';
import { unzipSync } from 'fflate';
import { test, expect } from './support/fixtures';

test("the review page's All (.zip) downloads the server's bundle of the final board, and its files open", async ({
  interviewer,
  board,
}) => {
  await interviewer.open(board.url);
  const p = interviewer.page;
  await p.getByTestId('palette.item-client').click();
  await p.getByTestId('palette.item-load-balancer').click(); // placed after the client, bound by an arrow
  await expect(interviewer.components).toHaveCount(2);
  await expect(interviewer.arrows).toHaveCount(1);

  await p.goto(`/r/${board.id}`);
  await expect(interviewer.components).toHaveCount(2);
  const [download] = await Promise.all([
    p.waitForEvent('download'),
    p.getByTestId('review.export-zip').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const files = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
  expect(Object.keys(files).sort()).toEqual(['board.png', 'board.svg', 'board.tldr', 'summary.md']);
  const text = (name: string) => new TextDecoder().decode(files[name]);

  // The very bundle the server builds (the same drawing, byte for byte), not a browser export.
  const direct = await p.request.get(`/api/boards/${board.id}/export.zip`);
  expect(direct.status()).toBe(200);
  expect(text('board.svg')).toBe(
    new TextDecoder().decode(unzipSync(new Uint8Array(await direct.body()))['board.svg']),
  );

  expect(text('summary.md')).toContain('![The board](board.svg)');
  expect(text('summary.md')).toContain('| Load balancer |');
  const svg = text('board.svg');
  for (const label of ['>Client<', '>Load balancer<']) expect(svg).toContain(label);

  // Both pictures open in the browser, at a sensible size.
  const opened = await p.evaluate(
    async ({ svg, png }) => {
      const size = async (src: string) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return { w: img.naturalWidth, h: img.naturalHeight };
      };
      return {
        svg: await size(`data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svg)))}`),
        png: await size(`data:image/png;base64,${png}`),
      };
    },
    { svg, png: Buffer.from(files['board.png']!).toString('base64') },
  );
  expect(opened.svg.w).toBeGreaterThan(300);
  expect(opened.svg.h).toBeGreaterThan(100);
  expect(opened.png).toEqual({ w: opened.svg.w * 2, h: opened.svg.h * 2 });

  // The .tldr holds the board: two components, the arrow and its two bindings.
  const tldr = JSON.parse(text('board.tldr')) as {
    tldrawFileFormatVersion: number;
    records: Array<{ typeName: string; type?: string }>;
  };
  expect(tldr.tldrawFileFormatVersion).toBe(1);
  const shapes = tldr.records.filter((r) => r.typeName === 'shape').map((r) => r.type);
  expect(shapes.sort()).toEqual(['arrow', 'system-component', 'system-component']);
  expect(tldr.records.filter((r) => r.typeName === 'binding')).toHaveLength(2);
});

test("Markdown downloads the server's summary; a busy server's refusal is said, never saved as the file", async ({
  interviewer,
  board,
}) => {
  await interviewer.open(board.url);
  const p = interviewer.page;
  await p.getByTestId('palette.item-client').click();
  await expect(interviewer.components).toHaveCount(1);
  await p.goto(`/r/${board.id}`);
  await expect(interviewer.components).toHaveCount(1);
  const exportGroup = p.getByRole('group', { name: 'Export', exact: true });

  // The seam: the first summary is the server's 503 when its board reads are all taken
  // (server/security/boardReads.test.ts makes the real one); the next goes to the server.
  let refused = false;
  await p.route(`**/api/boards/${board.id}/summary.md`, (route) => {
    if (refused) return route.continue();
    refused = true;
    return route.fulfill({
      status: 503,
      headers: { 'retry-after': '5', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: 'the server is busy reading boards: try again in a few seconds' }),
    });
  });
  const downloads: string[] = [];
  p.on('download', (d) => downloads.push(d.suggestedFilename()));
  await exportGroup.getByRole('button', { name: 'Markdown' }).click();
  await expect(p.getByTestId('review.export-status')).toHaveText(
    'Markdown export failed: the server is busy reading boards: try again in a few seconds',
  );
  expect(downloads).toEqual([]);

  const [download] = await Promise.all([
    p.waitForEvent('download'),
    exportGroup.getByRole('button', { name: 'Markdown' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  const md = fs.readFileSync((await download.path())!, 'utf8');
  expect(md).toContain('# Design a URL shortener');
  expect(md).toContain('| Client |');
});
