import { problemCatalogue, type ProblemCode } from './catalogue.js';

/** One violation inside a 400: where (JSON Pointer into the body), what (stable code), why. */
export interface Violation {
  pointer: string;
  code: string;
  detail: string;
}

/**
 * A failure that is the caller's business to see. Anything else thrown becomes a bare 500.
 * `detail` must never carry personal data: callers name fields, never their values.
 */
export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly errors: Violation[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ProblemCode, detail?: string, options: { errors?: Violation[]; headers?: Record<string, string> } = {}) {
    super(detail ?? problemCatalogue[code].title);
    this.name = 'ProblemError';
    this.code = code;
    this.status = problemCatalogue[code].status;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  errors?: Violation[];
}
