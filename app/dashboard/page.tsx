import type { Metadata } from 'next';
import { Dashboard } from '../../components/dashboard/Dashboard';

export const metadata: Metadata = { title: 'Boards' };

/** `/dashboard` (interviewers; the server redirects everyone else to sign in). */
export default function DashboardPage() {
  return <Dashboard />;
}
