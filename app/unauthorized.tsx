import Link from 'next/link';
import { pageContext } from './context';

const MESSAGES = {
  revoked: {
    title: 'This link was revoked',
    body: 'The interviewer has revoked this link. Ask them for a new one if you still need access.',
  },
  invalid: {
    title: 'This link is not valid',
    body: 'Check that you copied the whole link, or ask for a new one.',
  },
  missing: {
    title: 'You need a link to open this board',
    body: 'Boards open with the link the interviewer shares. Interviewers can sign in instead.',
  },
} as const;

/** 401: no, bad or revoked credentials. Says nothing about the board itself. */
export default async function Unauthorized() {
  const { denied } = await pageContext();
  const msg = MESSAGES[denied === 'revoked' || denied === 'invalid' ? denied : 'missing'];
  return (
    <main className="home" data-testid="unauthorized" data-reason={denied ?? 'missing'}>
      <h1>{msg.title}</h1>
      <p className="lead">{msg.body}</p>
      <p>
        <Link href="/signin" className="button secondary">
          Interviewer sign-in
        </Link>
      </p>
    </main>
  );
}
