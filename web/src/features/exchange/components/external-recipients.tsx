// The draft's recipients outside the system (issue 14): agencies the exchange directory knows
// (served by a member system, reached through a peer hub, or seen in a package), or a code and a
// name typed by hand, checked here against the two layouts of agency identification codes. Each
// chosen recipient says which route the hub would take, and warns when there is none. A form
// field of the draft form (`value`/`onChange` of {name, code}[]), placed there by src/app.
import { DeleteOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect, useId, useState } from 'react';

import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { routeTo, searchDirectory } from '../api/directory';
import type { DirectoryEntry, ExternalRecipient } from '../api/types';
import '../exchange.css';
import { type ExchangeTranslate, exchangeMessages } from '../i18n';
import { isOrganCode, normaliseOrganCode } from '../lib/format';

/** The draft form's field: label, help and the control, under the form's `name`. */
export function ExternalRecipientsField({ name }: { name: string }) {
  const t = useTranslate(exchangeMessages);
  return (
    <Form.Item name={name} label={t('externalLabel')} extra={t('externalHelp')}>
      <ExternalRecipientsInput />
    </Form.Item>
  );
}

/** Where the hub would send a package for `code`, in words; nothing while unknown. */
function RouteNote({ code, t }: { code: string; t: ExchangeTranslate }) {
  const route = useAsync((signal) => routeTo(code, signal), [code]);
  const answer = route.data;
  if (!answer) {
    return null;
  }
  if (answer.route === 'none') {
    return (
      <div>
        <Typography.Text type="warning" strong>
          <WarningOutlined aria-hidden /> {t('noRoute')}
        </Typography.Text>
        <div className="cqdt-muted">{t('noRouteHelp')}</div>
      </div>
    );
  }
  if (answer.route === 'local') {
    return <Typography.Text type="warning">{t('routeLocal')}</Typography.Text>;
  }
  return (
    <span className="cqdt-muted">
      {t('routeVia', { partner: answer.partnerName || answer.code })}
    </span>
  );
}

interface InputProps {
  id?: string;
  value?: ExternalRecipient[];
  onChange?: (value: ExternalRecipient[]) => void;
}

export function ExternalRecipientsInput({ id, value = [], onChange }: InputProps) {
  const t = useTranslate(exchangeMessages);
  const own = useId();
  const base = id ?? own;
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [codeError, setCodeError] = useState('');
  const [nameError, setNameError] = useState('');

  // Asked a quarter of a second after the last keystroke, not on each one.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const directory = useAsync((signal) => searchDirectory(query, signal), [query]);
  const unavailable = !!directory.error;

  const taken = (c: string) => value.some((r) => r.code === c);
  const add = (recipient: ExternalRecipient) => onChange?.([...value, recipient]);
  const remove = (c: string) => onChange?.(value.filter((r) => r.code !== c));

  const pick = (entry: DirectoryEntry) => {
    if (!taken(entry.code)) {
      add({ code: entry.code, name: entry.name });
    }
    setTyped('');
  };

  const addTyped = () => {
    const c = normaliseOrganCode(code);
    const n = name.trim();
    const badCode = !c
      ? t('codeRequired')
      : !isOrganCode(c)
        ? t('codeFormat')
        : taken(c)
          ? t('codeTaken')
          : '';
    const badName = n ? '' : t('nameRequired');
    setCodeError(badCode);
    setNameError(badName);
    if (badCode || badName) {
      document.getElementById(badCode ? `${base}-code` : `${base}-name`)?.focus();
      return;
    }
    add({ code: c, name: n.slice(0, 300) });
    setCode('');
    setName('');
  };

  const entries = (directory.data?.items ?? []).filter((e) => !taken(e.code));

  return (
    <div>
      <Select<string>
        id={base}
        showSearch={{ onSearch: setTyped, filterOption: false, searchValue: typed }}
        value={null}
        placeholder={t('searchPlaceholder')}
        loading={directory.loading}
        onSelect={(selected) => {
          const entry = entries.find((e) => e.code === selected);
          if (entry) {
            pick(entry);
          }
        }}
        options={entries.map((e) => ({
          value: e.code,
          label: `${e.name} (${e.code}) — ${t(`via_${e.via}`)}`,
        }))}
        style={{ width: '100%' }}
      />
      {unavailable ? (
        <Typography.Text type="warning" style={{ display: 'block' }}>
          {t('directoryFailed')}
        </Typography.Text>
      ) : null}
      <fieldset style={{ border: 0, padding: 0, margin: '12px 0 0' }}>
        <legend className="cqdt-plain-legend">{t('manualLegend')}</legend>
        <Space wrap align="start">
          <div>
            <label htmlFor={`${base}-code`} style={{ display: 'block' }}>
              {t('codeLabel')}
            </label>
            <Input
              id={`${base}-code`}
              value={code}
              maxLength={35}
              placeholder="000.00.00.H12"
              status={codeError ? 'error' : undefined}
              aria-invalid={codeError ? true : undefined}
              aria-describedby={codeError ? `${base}-code-error` : undefined}
              onChange={(e) => setCode(e.target.value)}
              onPressEnter={(e) => {
                e.preventDefault();
                addTyped();
              }}
              style={{ width: 180 }}
            />
            {codeError ? (
              <div id={`${base}-code-error`} className="cqdt-field-error" role="alert">
                {codeError}
              </div>
            ) : null}
          </div>
          <div>
            <label htmlFor={`${base}-name`} style={{ display: 'block' }}>
              {t('nameLabel')}
            </label>
            <Input
              id={`${base}-name`}
              value={name}
              maxLength={300}
              status={nameError ? 'error' : undefined}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? `${base}-name-error` : undefined}
              onChange={(e) => setName(e.target.value)}
              onPressEnter={(e) => {
                e.preventDefault();
                addTyped();
              }}
              style={{ width: 260, maxWidth: '100%' }}
            />
            {nameError ? (
              <div id={`${base}-name-error`} className="cqdt-field-error" role="alert">
                {nameError}
              </div>
            ) : null}
          </div>
          <div>
            <span aria-hidden style={{ display: 'block' }}>
              &nbsp;
            </span>
            <Button onClick={addTyped}>{t('addButton')}</Button>
          </div>
        </Space>
      </fieldset>
      {value.length > 0 ? (
        <ul className="cqdt-file-list" aria-label={t('chosenLabel')} style={{ marginTop: 8 }}>
          {value.map((r) => (
            <li key={r.code}>
              <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                <div style={{ flex: 1, minWidth: 0 }} className="cqdt-break">
                  <div>
                    {r.name} <span className="cqdt-muted">({r.code})</span>
                  </div>
                  <RouteNote code={r.code} t={t} />
                </div>
                <Button
                  size="small"
                  icon={<DeleteOutlined aria-hidden />}
                  aria-label={t('removeRecipient', { name: r.name })}
                  title={t('removeRecipient', { name: r.name })}
                  onClick={() => remove(r.code)}
                />
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
