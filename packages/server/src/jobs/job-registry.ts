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

interface TRegistered {
  run(payload: unknown, context: TJobContext): Promise<void>;
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
      run: (payload, context) => {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue?.path.join('.') ?? '';
          throw new PermanentJobError(`invalid ${kind} payload: ${where} ${issue?.message ?? ''}`);
        }
        return handler(parsed.data, context);
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
