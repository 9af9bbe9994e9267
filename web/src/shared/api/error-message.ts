import { ApiError, NetworkError } from './client';

/** The translate function of commonMessages (or any with these two keys). */
export type ErrorTexts = (key: 'networkError' | 'unexpectedError') => string;

/** A sentence for a person: the server's safe Vietnamese detail, or a generic one. */
export function errorMessage(error: unknown, t: ErrorTexts): string {
  if (error instanceof ApiError) {
    return error.problem.detail || error.problem.title || t('unexpectedError');
  }
  if (error instanceof NetworkError) {
    return t('networkError');
  }
  return t('unexpectedError');
}
