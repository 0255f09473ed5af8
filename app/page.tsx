import { CreateBoardForm } from '../components/home/CreateBoardForm';

/** Home: what Boardroom is, and a form to start a board. */
export default function HomePage() {
  return (
    <main className="home">
      <h1>Boardroom</h1>
      <p className="lead">
        A shared whiteboard for system-design interviews. Create a board, send the link to the candidate, and
        draw the design together, live.
      </p>
      <CreateBoardForm />
    </main>
  );
}
