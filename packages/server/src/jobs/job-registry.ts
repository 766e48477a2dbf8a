import type { z } from 'zod';
import type { TStorage } from '../storage/database.js';

/** What a handler learns about the job it runs. */
export interface TJobContext {
  id: string;
  kind: string;
  organizationId: string | null;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  storage: TStorage;
  /** The worker's clock when the attempt started; handlers use it instead of the system clock. */
  now: Date;
}

/**
 * A failure that retrying cannot fix (a malformed payload, a row that no longer exists in a form
 * the job can use): the job goes to `dead` at once instead of after every retry.
 */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** A job of a batch: its checked payload and its context. */
export interface TBatchJob<T> {
  payload: T;
  context: TJobContext;
}

/**
 * What a batch handler reports: the failures by job id (an error as a single handler would
 * throw it); every other job of the batch succeeded.
 */
export type TBatchFailures = ReadonlyMap<string, unknown>;

/** Either form of handler, with the payload not yet checked. */
export type TRegistered =
  | { batch: false; run(payload: unknown, context: TJobContext): Promise<void> }
  | {
      batch: true;
      runBatch(jobs: readonly TBatchJob<unknown>[], storage: TStorage): Promise<TBatchFailures>;
    };

function parsePayload<T extends z.ZodType>(kind: string, schema: T, payload: unknown): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  throw new PermanentJobError(`invalid ${kind} payload: ${where} ${issue?.message ?? ''}`);
}

/** Handlers by job kind; a worker claims only the kinds its registry knows. */
export class JobRegistry {
  private readonly handlers = new Map<string, TRegistered>();

  /** Registers the handler of a kind; the payload is checked against the schema first. */
  register<T extends z.ZodType>(
    kind: string,
    schema: T,
    handler: (payload: z.infer<T>, context: TJobContext) => Promise<void>,
  ): this {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} is registered twice`);
    this.handlers.set(kind, {
      batch: false,
      run: async (payload, context) => handler(parsePayload(kind, schema, payload), context),
    });
    return this;
  }

  /**
   * Registers a handler that takes every job of its kind in a worker's claim at once, for work
   * whose cost is mostly per batch (reading the rows, one transaction to record outcomes). A job
   * whose payload fails the schema fails alone, without reaching the handler.
   */
  registerBatch<T extends z.ZodType>(
    kind: string,
    schema: T,
    handler: (jobs: readonly TBatchJob<z.infer<T>>[], storage: TStorage) => Promise<TBatchFailures>,
  ): this {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} is registered twice`);
    this.handlers.set(kind, {
      batch: true,
      runBatch: async (jobs, storage) => {
        const failures = new Map<string, unknown>();
        const valid: TBatchJob<z.infer<T>>[] = [];
        for (const job of jobs) {
          try {
            valid.push({ payload: parsePayload(kind, schema, job.payload), context: job.context });
          } catch (error) {
            failures.set(job.context.id, error);
          }
        }
        if (valid.length > 0) {
          for (const [id, error] of await handler(valid, storage)) failures.set(id, error);
        }
        return failures;
      },
    });
    return this;
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  handlerOf(kind: string): TRegistered | undefined {
    return this.handlers.get(kind);
  }
}
