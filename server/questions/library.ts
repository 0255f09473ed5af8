/**
 * The question library: the built-in questions plus the workspace's own, stored through the
 * BoardStore. Built-in questions are read-only (duplicate one to change it); workspace questions
 * are added, edited, duplicated, archived, imported and exported here.
 */
import {
  QUESTIONS_FILE_FORMAT,
  QUESTIONS_FILE_VERSION,
  QuestionContent,
  type ImportResult,
  type Question,
  type QuestionSummary,
  type QuestionsFile,
} from '../../lib/questions/schema';
import { randomId } from '../../lib/ids';
import { MAX_TITLE_CHARS } from '../../lib/limits';
import type { BoardStore, StoredQuestion } from '../storage/BoardStore';
import { HttpError } from '../http';
import { log } from '../log';
import { BUILTIN_QUESTIONS } from './builtin';

function fromStored(q: StoredQuestion): Question | null {
  // Stored content was validated on the way in; a row that no longer parses is skipped, not served.
  const content = QuestionContent.safeParse(q.content);
  if (!content.success) {
    log.error('stored question does not parse', { question: q.id });
    return null;
  }
  return {
    ...content.data,
    id: q.id,
    builtIn: false,
    archived: q.archived,
    createdAt: q.createdAt,
    updatedAt: q.updatedAt,
  };
}

function summary(q: Question): QuestionSummary {
  return {
    id: q.id,
    title: q.title,
    prompt: q.prompt,
    builtIn: q.builtIn,
    archived: q.archived,
    updatedAt: q.updatedAt,
    hasTemplate: q.template !== null,
  };
}

function contentOf(q: Question): QuestionContent {
  const { title, prompt, scopeHints, referenceEstimates, deepDives, rubric, template } = q;
  return { title, prompt, scopeHints, referenceEstimates, deepDives, rubric, template };
}

/** The library over a store. */
export class QuestionLibrary {
  constructor(
    private readonly store: BoardStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Built-in questions first, then the workspace's by title; archived ones only when asked. */
  async list(opts: { includeArchived: boolean }): Promise<QuestionSummary[]> {
    const own = (await this.store.listQuestions())
      .map(fromStored)
      .filter((q): q is Question => q !== null && (opts.includeArchived || !q.archived))
      .sort((a, b) => a.title.localeCompare(b.title));
    return [...BUILTIN_QUESTIONS, ...own].map(summary);
  }

  /** A question by id (archived ones too: boards made from them still name them), or null. */
  async get(id: string): Promise<Question | null> {
    const builtIn = BUILTIN_QUESTIONS.find((q) => q.id === id);
    if (builtIn) return builtIn;
    const stored = await this.store.getQuestion(id);
    return stored ? fromStored(stored) : null;
  }

  private async require(id: string): Promise<Question> {
    const q = await this.get(id);
    if (!q) throw new HttpError(404, 'question not found');
    return q;
  }

  private async requireOwn(id: string): Promise<Question> {
    const q = await this.require(id);
    if (q.builtIn) throw new HttpError(403, 'built-in questions cannot be changed; duplicate one to edit it');
    return q;
  }

  private async save(q: Question): Promise<Question> {
    await this.store.putQuestions([
      {
        id: q.id,
        content: contentOf(q),
        archived: q.archived,
        createdAt: q.createdAt,
        updatedAt: q.updatedAt,
      },
    ]);
    return q;
  }

  /** Adds a workspace question. */
  async create(content: QuestionContent): Promise<Question> {
    const at = this.now();
    return this.save({
      ...content,
      id: randomId(12),
      builtIn: false,
      archived: false,
      createdAt: at,
      updatedAt: at,
    });
  }

  /** Replaces a workspace question's content. */
  async update(id: string, content: QuestionContent): Promise<Question> {
    const q = await this.requireOwn(id);
    return this.save({ ...q, ...content, updatedAt: this.now() });
  }

  /** Copies any question (built-in too) into a new workspace question. */
  async duplicate(id: string): Promise<Question> {
    const q = await this.require(id);
    const title = `${q.title} (copy)`.slice(0, MAX_TITLE_CHARS);
    return this.create({ ...contentOf(q), title });
  }

  /** Archives or restores a workspace question. */
  async setArchived(id: string, archived: boolean): Promise<Question> {
    const q = await this.requireOwn(id);
    return this.save({ ...q, archived, updatedAt: this.now() });
  }

  /** Adds every question of a (validated) file as a new workspace question, all or nothing. */
  async importFile(file: QuestionsFile): Promise<ImportResult> {
    const at = this.now();
    const rows: StoredQuestion[] = file.questions.map((content) => ({
      id: randomId(12),
      content,
      archived: false,
      createdAt: at,
      updatedAt: at,
    }));
    await this.store.putQuestions(rows);
    return { imported: rows.length, ids: rows.map((r) => r.id) };
  }

  /** The workspace's questions that are not archived, as a questions file. */
  async exportFile(): Promise<QuestionsFile> {
    const own = (await this.store.listQuestions()).map(fromStored);
    return {
      format: QUESTIONS_FILE_FORMAT,
      version: QUESTIONS_FILE_VERSION,
      questions: own.filter((q): q is Question => q !== null && !q.archived).map(contentOf),
    };
  }
}
