import { ApiError } from '../../../shared/api/client';

/**
 * Whether a failed request still needs an alert after its field errors went onto the form: not
 * when every error of the problem sits under a field (the alert would only repeat them).
 */
export function needsAlert(error: unknown, unmatchedCount: number): boolean {
  if (!(error instanceof ApiError)) {
    return true;
  }
  return error.fieldErrors.length === 0 || unmatchedCount > 0;
}
