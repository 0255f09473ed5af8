import Link from 'next/link';

/** 403: signed in or linked, but this page is not for that role. */
export default function Forbidden() {
  return (
    <main className="home" data-testid="forbidden">
      <h1>Not available with your link</h1>
      <p className="lead">This page is for interviewers and reviewers. Use the board link you were given.</p>
      <p>
        <Link href="/" className="button secondary">
          Home
        </Link>
      </p>
    </main>
  );
}
