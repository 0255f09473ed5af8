import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { test, expect, createBoardVia, signInContext } from './support/fixtures';
import { BoardPage } from './support/BoardPage';
import { startServerProcess, type ServerProcess } from '../server/testing/process';
import { createCluster, startRedisProcess } from '../server/testing/serviceProcesses';

/** The same link, on another instance's origin (a load balancer would send them anywhere). */
function onInstance(url: string, server: ServerProcess): string {
  const u = new URL(url);
  const target = new URL(server.url);
  u.host = target.host;
  return u.toString();
}

// Three server processes in front of one PostgreSQL and one Redis, all started here; each person
// is on a different instance. About 25 s on a quiet machine, so it gets three times the timeout.
test('interviewer, candidate and reviewer on three instances: live drawing, presence, end of interview, revoked link', async ({
  newActorContext,
}) => {
  test.slow();
  const basePort = Number(process.env.E2E_PORT ?? 3210);
  const [cluster, redis] = await Promise.all([createCluster(), startRedisProcess()]);
  const servers: ServerProcess[] = [];
  const dirs: string[] = [];
  try {
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE boardroom');
    await admin.end();
    const env = { DATABASE_URL: cluster.url('boardroom'), REDIS_URL: redis.url };
    for (let i = 1; i <= 3; i++) dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-e2e-multi-')));
    // Started together, each recorded as soon as it listens (so a failure still stops the others).
    await Promise.all(
      dirs.map((dir, i) =>
        startServerProcess(dir, { port: basePort + 1 + i, env }).then((s) => (servers[i] = s)),
      ),
    );
    const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess];
    const board = await createBoardVia(a.url, 'Design a ride-sharing service');

    const interviewerContext = await newActorContext(a.url);
    await signInContext(interviewerContext, a.url);
    const interviewer = new BoardPage(await interviewerContext.newPage(), 'Ines');
    const candidate = new BoardPage(await (await newActorContext(b.url)).newPage(), 'Cai');
    const reviewer = new BoardPage(await (await newActorContext(c.url)).newPage(), 'Rui');
    await interviewer.open(board.url);
    await candidate.open(onInstance(board.candidateUrl, b));

    // Live across instances, both ways, and presence too.
    await interviewer.drawRectangle({ x: 300, y: 300 }, { x: 420, y: 380 });
    await expect(candidate.shapes).toHaveCount(1);
    await candidate.drawRectangle({ x: 600, y: 300 }, { x: 720, y: 380 });
    await expect(interviewer.shapes).toHaveCount(2);
    // The reviewer on C reads the stored board.
    await reviewer.page.goto(onInstance(board.reviewUrl, c));
    await expect(reviewer.page.getByTestId('replay')).toBeVisible();
    await expect(reviewer.shapes).toHaveCount(2);
    await expect(interviewer.presence).toContainText(candidate.name);
    await expect(candidate.presence).toContainText(interviewer.name);

    // Ending the interview on A turns the candidate on B read-only.
    interviewer.page.once('dialog', (d) => void d.accept());
    await interviewer.page.getByRole('button', { name: 'End interview' }).click();
    await expect(candidate.page.getByTestId('ended-banner')).toHaveText(
      'The interview has ended; the board is read-only',
    );
    await expect(candidate.page.getByTestId('tools.rectangle')).toHaveCount(0);

    // Revoking the candidate link on A disconnects the candidate on B.
    await interviewer.page.getByRole('button', { name: 'Share' }).click();
    interviewer.page.once('dialog', (d) => void d.accept());
    await interviewer.page.getByTestId('share.candidate-revoke').click();
    await expect(
      candidate.page.getByRole('alert').filter({ hasText: 'This link was revoked by the interviewer.' }),
    ).toBeVisible();
    // The review link on C still works, and shows the board as it ended.
    await reviewer.page.reload();
    await expect(reviewer.page.getByTestId('replay')).toBeVisible();
    await expect(reviewer.shapes).toHaveCount(2);
  } finally {
    await Promise.all(servers.filter(Boolean).map((s) => s.stop()));
    await redis.stop();
    await cluster.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
});
