import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '../../components/home/SignInForm';
import { pageContext } from '../context';

export const metadata: Metadata = { title: 'Sign in' };

/** Interviewer sign-in with the workspace secret. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if ((await pageContext()).signedIn) redirect('/dashboard');
  const { error } = await searchParams;
  return (
    <main className="home">
      <h1>Interviewer sign-in</h1>
      <p className="lead">
        Enter the workspace secret. The server prints a one-time sign-in link when it starts.
      </p>
      <SignInForm expired={error === 'expired'} />
    </main>
  );
}
