/**
 * The questions that ship with Boardroom: data files in ./builtin/, one per question, in the same
 * shape as a questions file entry plus an id. Validated when the server starts, so a bad edit
 * fails loudly. Server-only: their hints must never be bundled for a browser.
 */
import { QuestionContent, type Question } from '../../lib/questions/schema';
import urlShortener from './builtin/url-shortener.json';
import newsFeed from './builtin/news-feed.json';
import chat from './builtin/chat.json';
import rateLimiter from './builtin/rate-limiter.json';
import webCrawler from './builtin/web-crawler.json';
import notificationSystem from './builtin/notification-system.json';
import fileSync from './builtin/file-sync.json';
import videoStreaming from './builtin/video-streaming.json';
import rideSharing from './builtin/ride-sharing.json';
import typeahead from './builtin/typeahead.json';
import keyValueStore from './builtin/key-value-store.json';
import paymentSystem from './builtin/payment-system.json';
import ticketBooking from './builtin/ticket-booking.json';
import jobScheduler from './builtin/job-scheduler.json';

const FILES: unknown[] = [
  urlShortener,
  newsFeed,
  chat,
  rateLimiter,
  webCrawler,
  notificationSystem,
  fileSync,
  videoStreaming,
  rideSharing,
  typeahead,
  keyValueStore,
  paymentSystem,
  ticketBooking,
  jobScheduler,
];

function load(raw: unknown): Question {
  const { id, ...content } = raw as { id: string };
  const parsed = QuestionContent.safeParse(content);
  if (!parsed.success) throw new Error(`built-in question ${id} is invalid: ${parsed.error.message}`);
  return { ...parsed.data, id, builtIn: true, archived: false, createdAt: 0, updatedAt: 0 };
}

/** Every built-in question, in the order the picker lists them. */
export const BUILTIN_QUESTIONS: readonly Question[] = FILES.map(load);
