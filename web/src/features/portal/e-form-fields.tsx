// The fields of a procedure's e-form, rendered from its definition (online-api.ts EForm): each
// section a fieldset with its legend, each field its labelled control in the page's language, a
// field with a condition shown only while it holds (the server's rule, e_form.hpp IsShown), the
// client's checks mirroring the server's (which decides).
import { Checkbox, Form, Input, Radio, Select } from 'antd';
import type { Rule } from 'antd/es/form';

import type { Lang, Translate } from '../../shared/i18n/messages';
import type { Answers, EForm, FormField } from './online-api';
import type { onlineMessages } from './online-i18n';

type T = Translate<(typeof onlineMessages)['vi']>;

/** The values the antd form holds for the e-form's fields: text, or a ticked checkbox. */
export type FieldValues = Record<string, string | boolean | undefined>;

export const labelOf = (f: { label: string; labelEn?: string }, lang: Lang) =>
  lang === 'en' && f.labelEn ? f.labelEn : f.label;

export const fieldsOf = (form: EForm): FormField[] => form.sections.flatMap((s) => s.fields);

function textOf(f: FormField, v: string | boolean | undefined): string {
  if (f.type === 'checkbox') {
    return v === true || v === 'true' ? 'true' : v === false || v === 'false' ? 'false' : '';
  }
  return typeof v === 'string' ? v : '';
}

/** Is `field` shown, given the values of the fields before it (the server's rule)? */
export function isShown(form: EForm, field: FormField, values: FieldValues): boolean {
  if (!field.showIf) {
    return true;
  }
  const on = fieldsOf(form).find((f) => f.name === field.showIf?.field);
  if (!on || on === field || !isShown(form, on, values)) {
    return false;
  }
  const value = textOf(on, values[on.name]);
  if (!value || (on.type === 'checkbox' && value !== 'true')) {
    return false;
  }
  const equals = field.showIf.equals ?? [];
  return equals.length === 0 || equals.includes(value);
}

/** The antd values of stored answers. */
export function valuesOf(form: EForm, answers: Answers): FieldValues {
  const out: FieldValues = {};
  for (const f of fieldsOf(form)) {
    const v = answers[f.name];
    if (v !== undefined) {
      out[f.name] = f.type === 'checkbox' ? v === 'true' : v;
    }
  }
  return out;
}

/** The answers to send: the shown fields with a value, as text. */
export function answersOf(form: EForm, values: FieldValues, onlyShown: boolean): Answers {
  const out: Answers = {};
  for (const f of fieldsOf(form)) {
    if (onlyShown && !isShown(form, f, values)) {
      continue;
    }
    const text = textOf(f, values[f.name]);
    if (text !== '') {
      out[f.name] = text;
    }
  }
  return out;
}

function rulesOf(f: FormField, label: string, t: T): Rule[] {
  const rules: Rule[] = [];
  if (f.type === 'checkbox') {
    if (f.required) {
      rules.push({
        validator: (_, v) =>
          v === true ? Promise.resolve() : Promise.reject(new Error(t('requiredCheck', { label }))),
      });
    }
    return rules;
  }
  if (f.required) {
    rules.push({ required: true, whitespace: true, message: t('requiredField', { label }) });
  }
  if (f.type === 'email') {
    rules.push({ type: 'email', message: t('invalidEmail', { label }) });
  }
  if (f.type === 'idNumber') {
    rules.push({ pattern: /^\s*\d{12}\s*$/, message: t('invalidId', { label }) });
  }
  if (f.type === 'phone') {
    rules.push({
      pattern: /^\s*(\+84|0)[\d .()-]{8,14}\s*$/,
      message: t('invalidPhone', { label }),
    });
  }
  return rules;
}

/**
 * The control of one field. Form.Item gives its child the id, value and onChange: they are
 * passed on to the input (the label's `for` names that id).
 */
function Control({
  f,
  lang,
  label,
  ...item
}: {
  f: FormField;
  lang: Lang;
  label: string;
  [injected: string]: unknown;
}) {
  const max = f.maxLength ?? (f.type === 'textarea' ? 4000 : 500);
  switch (f.type) {
    case 'textarea':
      return <Input.TextArea {...item} rows={3} maxLength={max} />;
    case 'date':
      return <Input {...item} type="date" min={f.minDate === 'today' ? undefined : f.minDate} />;
    case 'number':
      return <Input {...item} inputMode={f.integer ? 'numeric' : 'decimal'} maxLength={22} />;
    case 'select':
      return (
        <Select
          {...item}
          allowClear={!f.required}
          aria-label={label}
          options={(f.options ?? []).map((o) => ({ value: o.value, label: labelOf(o, lang) }))}
        />
      );
    case 'radio':
      return (
        <Radio.Group
          {...item}
          role="radiogroup"
          aria-label={label}
          options={(f.options ?? []).map((o) => ({ value: o.value, label: labelOf(o, lang) }))}
        />
      );
    case 'checkbox':
      return <Checkbox {...item}>{label}</Checkbox>;
    case 'idNumber':
      return <Input {...item} inputMode="numeric" maxLength={12} autoComplete="off" />;
    case 'phone':
      return <Input {...item} type="tel" inputMode="tel" maxLength={20} autoComplete="tel" />;
    case 'email':
      return <Input {...item} type="email" maxLength={254} autoComplete="email" />;
    default:
      return <Input {...item} maxLength={max} />;
  }
}

/**
 * The e-form's sections and fields, inside an antd Form that keeps them under `form`
 * (`['form', name]`: the server's errors name them "form.<name>", the same path).
 */
export function EFormFields({
  form,
  values,
  lang,
  t,
}: {
  form: EForm;
  values: FieldValues;
  lang: Lang;
  t: T;
}) {
  return (
    <>
      {form.sections.map((section, i) => (
        <fieldset key={i} className="cqdt-eform-section">
          <legend>{lang === 'en' && section.titleEn ? section.titleEn : section.title}</legend>
          {section.fields
            .filter((f) => isShown(form, f, values))
            .map((f) => {
              const label = labelOf(f, lang);
              const help = lang === 'en' && f.helpEn ? f.helpEn : f.help;
              return (
                <Form.Item
                  key={f.name}
                  name={['form', f.name]}
                  label={f.type === 'checkbox' ? undefined : label}
                  extra={help || undefined}
                  rules={rulesOf(f, label, t)}
                  valuePropName={f.type === 'checkbox' ? 'checked' : 'value'}
                  required={f.required}
                >
                  <Control f={f} lang={lang} label={label} />
                </Form.Item>
              );
            })}
        </fieldset>
      ))}
    </>
  );
}
