// How a clerk's action on a received item runs, the same for the three receptions: the busy flag,
// the success message, the new copy to the page, a 412 to the page (another clerk acted first),
// the server's field problems under the fields they name and any other error in an alert; and,
// for a registration, the 409 duplicate-document question before a second entry.
import { App as AntdApp, type FormInstance } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { ApiError } from '../api/client';
import { applyFieldErrors } from '../api/form-errors';
import type { ReceptionHost } from './types';

/** Runs an action: success message and the new copy to the page, or the error shown. */
export function useReceptionAction<T>(
  host: ReceptionHost<T>,
  form: FormInstance,
  fields: readonly string[],
  fieldMap: Record<string, string> = {},
) {
  const { message } = AntdApp.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<T>, success: string): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await action();
      void message.success(success);
      host.onChanged(next);
      return next;
    } catch (reason) {
      if (reason instanceof ApiError && reason.status === 412) {
        host.onStale();
        return undefined;
      }
      const unmatched = applyFieldErrors(form, reason, fields, fieldMap);
      if (
        !(reason instanceof ApiError) ||
        reason.fieldErrors.length === 0 ||
        unmatched.length > 0
      ) {
        setError(reason);
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}

/** Thrown when the duplicate question is on screen: the run shows no other error for it. */
class DuplicateShown extends Error {}

export interface RegisterAction {
  /** Registers; `confirmDuplicate` answers the duplicate question with "register anyway". */
  submit: (confirmDuplicate: boolean) => void;
  busy: boolean;
  /** The error to show in an alert (none while the duplicate question is shown). */
  error: unknown;
  /** The server's 409 duplicate-document answer, while its question is on screen. */
  duplicate: ApiError | null;
}

/**
 * The registration of a received item as an incoming document: `register` sends the form (with
 * confirmDuplicate when the clerk answered the duplicate question); on success the page goes to
 * `whereNext(next)` (the new incoming document).
 */
export function useRegisterAction<T>({
  host,
  form,
  fields,
  fieldMap,
  register,
  success,
  whereNext,
}: {
  host: ReceptionHost<T>;
  form: FormInstance;
  fields: readonly string[];
  fieldMap?: Record<string, string>;
  register: (confirmDuplicate: boolean) => Promise<T>;
  success: string;
  whereNext: (next: T) => string | undefined;
}): RegisterAction {
  const navigate = useNavigate();
  const action = useReceptionAction(host, form, fields, fieldMap);
  const [duplicate, setDuplicate] = useState<ApiError | null>(null);
  const attempt = async (confirmDuplicate: boolean) => {
    setDuplicate(null);
    try {
      return await register(confirmDuplicate);
    } catch (reason) {
      // The register may already hold this document: ask before a second entry.
      if (
        reason instanceof ApiError &&
        reason.status === 409 &&
        reason.kind === 'duplicate-document'
      ) {
        setDuplicate(reason);
        throw new DuplicateShown();
      }
      throw reason;
    }
  };
  const submit = (confirmDuplicate: boolean) =>
    void action
      .run(() => attempt(confirmDuplicate), success)
      .then((next) => {
        const to = next === undefined ? undefined : whereNext(next);
        if (to) {
          void navigate(to);
        }
      });
  return {
    submit,
    busy: action.busy,
    error: action.error instanceof DuplicateShown ? undefined : action.error,
    duplicate,
  };
}
