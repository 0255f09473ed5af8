import Link from 'next/link';

/** Friendly 404. */
export default function NotFound() {
  return (
    <main className="home" data-testid="not-found">
      <h1>Board not found</h1>
      <p className="lead">
        There is no board at this address. Check the link you were sent, or ask the interviewer for a new one.
      </p>
      <p>
        <Link href="/" className="button primary">
          Go to the home page
        </Link>
      </p>
    </main>
  );
}
