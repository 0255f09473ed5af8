import Link from 'next/link';
import { redirect } from 'next/navigation';
import { pageContext } from './context';

/** Home: what Boardroom is; interviewers go on to their dashboard. */
export default async function HomePage() {
  if ((await pageContext()).signedIn) redirect('/dashboard');
  return (
    <main className="home">
      <h1>Boardroom</h1>
      <p className="lead">
        A shared whiteboard for system-design interviews. The interviewer creates a board and sends the
        candidate a link; both draw the design together, live, with the interview&apos;s four steps and its
        clock beside the canvas.
      </p>
      <p className="lead">Candidates and reviewers: open the link you were sent.</p>
      <p>
        <Link href="/signin" className="button primary">
          Interviewer sign-in
        </Link>
      </p>
    </main>
  );
}
