import { expect, it } from 'vitest';
import { NO_QUESTION, filterBoards } from './Dashboard';
import type { BoardSummary } from '../../lib/api';

const board = (
  id: string,
  title: string,
  candidateName: string | null,
  createdAt: number,
  questionId: string | null = null,
): BoardSummary => ({
  id,
  title,
  prompt: '',
  status: 'live',
  createdAt,
  updatedAt: createdAt,
  endedAt: null,
  started: false,
  candidateName,
  questionId,
  questionTitle: questionId,
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

it('filters by the question a board was made from', () => {
  const boards = [
    board('a', 'Chat 1', null, 1, 'chat'),
    board('b', 'Blank', null, 2),
    board('c', 'Chat 2', null, 3, 'chat'),
  ];
  expect(filterBoards(boards, '', true, 'chat').map((b) => b.id)).toEqual(['c', 'a']);
  expect(filterBoards(boards, '', true, NO_QUESTION).map((b) => b.id)).toEqual(['b']);
  expect(filterBoards(boards, '2', true, 'chat').map((b) => b.id)).toEqual(['c']);
  expect(filterBoards(boards, '', true, '').map((b) => b.id)).toEqual(['c', 'b', 'a']);
});
