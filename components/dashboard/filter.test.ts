import { expect, it } from 'vitest';
import { filterBoards } from './Dashboard';
import type { BoardSummary } from '../../lib/api';

const board = (id: string, title: string, candidateName: string | null, createdAt: number): BoardSummary => ({
  id,
  title,
  prompt: '',
  status: 'live',
  createdAt,
  updatedAt: createdAt,
  endedAt: null,
  candidateName,
  totalMs: 0,
  perStepMs: [0, 0, 0, 0],
  currentStep: 0,
});

it('searches by title or candidate and sorts by date', () => {
  const boards = [
    board('a', 'Design Twitter', 'Ada', 1),
    board('b', 'URL shortener', 'Bob', 3),
    board('c', 'Chat', null, 2),
  ];
  expect(filterBoards(boards, '', true).map((b) => b.id)).toEqual(['b', 'c', 'a']);
  expect(filterBoards(boards, '', false).map((b) => b.id)).toEqual(['a', 'c', 'b']);
  expect(filterBoards(boards, 'twit', true).map((b) => b.id)).toEqual(['a']);
  expect(filterBoards(boards, 'BOB', true).map((b) => b.id)).toEqual(['b']);
});
