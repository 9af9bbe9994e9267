import { ApiError, NetworkError } from './client';

export interface ErrorTexts {
  networkError: string;
  unexpectedError: string;
}

/** A sentence for a person: the server's safe Vietnamese detail, or a generic one. */
export function errorMessage(error: unknown, texts: ErrorTexts): string {
  if (error instanceof ApiError) {
    return error.problem.detail || error.problem.title || texts.unexpectedError;
  }
  if (error instanceof NetworkError) {
    return texts.networkError;
  }
  return texts.unexpectedError;
}
