import { App as AntdApp, type FormInstance } from 'antd';
import { useState } from 'react';

import type { FieldError } from '../../../../shared/api/client';
import { ApiError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import type { OutgoingDocument } from '../api/types';
import { isStale } from './load-problem';

export interface ActionHost {
  /** The document after a successful action (the page shows it at once). */
  onChanged: (doc: OutgoingDocument) => void;
  /** 412: someone else acted first. */
  onStale: () => void;
}

/**
 * Runs one document action: a busy flag, the success message, 412 handed to the page, field
 * errors under the form's fields, anything else in an alert.
 */
export function useAction(host: ActionHost, form?: FormInstance, fields: readonly string[] = []) {
  const { message } = AntdApp.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);

  const run = async (
    action: () => Promise<OutgoingDocument>,
    success: string | ((doc: OutgoingDocument) => string),
  ) => {
    setBusy(true);
    setError(undefined);
    setExtraErrors([]);
    try {
      const doc = await action();
      void message.success(typeof success === 'string' ? success : success(doc));
      host.onChanged(doc);
    } catch (reason) {
      if (isStale(reason)) {
        host.onStale();
        return;
      }
      const unmatched = form ? applyFieldErrors(form, reason, fields) : [];
      const onFields = reason instanceof ApiError && reason.fieldErrors.length > unmatched.length;
      if (!onFields || unmatched.length > 0) {
        setError(reason);
        setExtraErrors(unmatched);
      }
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, extraErrors };
}
