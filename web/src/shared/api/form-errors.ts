import type { FormInstance } from 'antd';

import { ApiError, type FieldError } from './client';

type NamePath = (string | number)[];

/** `items[2].code` -> ['items', 2, 'code']; `roles` -> ['roles']. */
export function toNamePath(field: string): NamePath {
  const path: NamePath = [];
  for (const part of field.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      path.push(part);
      continue;
    }
    if (match[1]) {
      path.push(match[1]);
    }
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) {
      path.push(Number(index[1]));
    }
  }
  return path;
}

/** The visible label of a form item (its <label for=…>), read from the page. */
function fieldLabel(form: FormInstance, name: NamePath): string | null {
  // antd gives the control's ref: an input (InputRef.input) or a wrapper (nativeElement).
  const instance = form.getFieldInstance(name) as
    | { input?: HTMLElement | null; nativeElement?: HTMLElement | null }
    | HTMLElement
    | null
    | undefined;
  const element =
    instance instanceof HTMLElement ? instance : (instance?.input ?? instance?.nativeElement);
  const control =
    element && (element.id ? element : element.querySelector<HTMLElement>('input, textarea'));
  if (!control?.id) {
    return null;
  }
  const label = document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
  return label?.textContent?.trim() || null;
}

/**
 * The server names a field by its JSON name ("Trường 'fullName' …"); under the form item, a
 * person reads the item's label instead ("Trường “Họ và tên” …").
 */
function withLabel(message: string, apiName: string, label: string | null): string {
  if (!label || !apiName) {
    return message;
  }
  return message.split(`'${apiName}'`).join(`“${label}”`);
}

/**
 * Shows the field errors of a problem+json answer on the form fields they name, so antd renders
 * them under the right input (and announces them), with the field's label where the message
 * names the field by its JSON name. `fieldMap` renames API fields to form fields (e.g.
 * parentCode -> parentId). Returns the errors that name no field of the form: the caller shows
 * them in an alert.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  formFields: readonly string[],
  fieldMap: Record<string, string> = {},
): FieldError[] {
  if (!(error instanceof ApiError)) {
    return [];
  }
  const known = new Set(formFields);
  const grouped = new Map<string, { name: NamePath; errors: string[] }>();
  const unmatched: FieldError[] = [];
  for (const fieldError of error.fieldErrors) {
    const apiName = fieldError.field ?? '';
    const path = toNamePath(fieldMap[apiName] ?? apiName);
    const head = path[0];
    if (typeof head !== 'string' || !known.has(head)) {
      unmatched.push(fieldError);
      continue;
    }
    const key = JSON.stringify(path);
    const entry = grouped.get(key) ?? { name: path, errors: [] };
    entry.errors.push(withLabel(fieldError.message, apiName, fieldLabel(form, path)));
    grouped.set(key, entry);
  }
  if (grouped.size > 0) {
    form.setFields([...grouped.values()]);
    const first = grouped.values().next().value;
    if (first) {
      form.scrollToField(first.name, { block: 'center' });
      form.focusField(first.name);
    }
  }
  return unmatched;
}
