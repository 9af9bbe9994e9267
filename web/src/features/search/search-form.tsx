import { CloseOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useId, useState } from 'react';

import { useAsync } from '../../shared/lib/use-async';
import { listRecords } from './api';
import type { SearchTranslate } from './i18n';
import { type SearchState, withChanges } from './url-state';

const DATE_FORMATS = ['DD/MM/YYYY', 'YYYY-MM-DD'];

function parseDay(day: string): Dayjs | null {
  const parsed = dayjs(day, 'YYYY-MM-DD', true);
  return day && parsed.isValid() ? parsed : null;
}

/** The errors the server gave for one field, shown under it (and tied to it for screen readers). */
function errorProps(id: string, messages: string[]) {
  if (messages.length === 0) {
    return { item: {}, control: {} };
  }
  return {
    item: {
      validateStatus: 'error' as const,
      help: <span id={`${id}-error`}>{messages.join(' ')}</span>,
    },
    control: { 'aria-invalid': true, 'aria-describedby': `${id}-error` },
  };
}

/**
 * The words and the filters that are not facets: the date range and the work record. The words
 * are searched on Enter or "Tìm"; a date or a record filters at once. `errorsOf(field)` are the
 * server's messages for that field (a 422), shown under it. `part`: both (desktop), or the words
 * alone and the filters alone (a phone shows the filters folded away with the facets).
 */
export function SearchForm({
  state,
  onChange,
  errorsOf,
  t,
  part = 'all',
}: {
  state: SearchState;
  onChange: (next: SearchState) => void;
  errorsOf: (field: 'q' | 'from' | 'to' | 'recordId', label: string) => string[];
  t: SearchTranslate;
  part?: 'all' | 'words' | 'filters';
}) {
  const showWords = part !== 'filters';
  const showFilters = part !== 'words';
  const id = useId();
  const ids = { q: `${id}-q`, from: `${id}-from`, to: `${id}-to`, record: `${id}-record` };
  // What is typed, until it is searched; a new address (Back, a facet) brings its own words.
  const [draft, setDraft] = useState({ of: state.q, value: state.q });
  const typed = draft.of === state.q ? draft.value : state.q;
  const fromDay = parseDay(state.from);
  const toDay = parseDay(state.to);
  const records = useAsync((signal) => listRecords(signal), [], showFilters);

  const recordOptions = (records.data?.items ?? []).map((record) => ({
    value: String(record.id),
    label: record.fileNotation ? `${record.fileNotation} – ${record.title}` : record.title,
  }));
  if (state.recordId && !recordOptions.some((o) => o.value === state.recordId)) {
    recordOptions.unshift({ value: state.recordId, label: t('recordChosen') });
  }

  const q = errorProps(ids.q, errorsOf('q', t('q')));
  const from = errorProps(ids.from, errorsOf('from', t('from')));
  const to = errorProps(ids.to, errorsOf('to', t('to')));
  const record = errorProps(ids.record, errorsOf('recordId', t('record')));

  return (
    <Form
      layout="vertical"
      noValidate
      role={showWords ? 'search' : undefined}
      aria-label={showWords ? t('formLandmark') : undefined}
      className="cqdt-search-form"
      onFinish={() => onChange(withChanges(state, { q: typed.trim() }))}
    >
      {showWords ? (
        <Form.Item label={t('q')} htmlFor={ids.q} className="cqdt-search-form__q" {...q.item}>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              id={ids.q}
              type="search"
              value={typed}
              onChange={(event) => setDraft({ of: state.q, value: event.target.value })}
              placeholder={t('qPlaceholder')}
              enterKeyHint="search"
              autoComplete="off"
              autoFocus={!state.q}
              allowClear
              {...q.control}
            />
            <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
              {t('submit')}
            </Button>
          </Space.Compact>
        </Form.Item>
      ) : null}
      {showFilters ? (
        <>
          <div className="cqdt-search-form__row">
            <Form.Item label={t('from')} htmlFor={ids.from} {...from.item}>
              <DatePicker
                id={ids.from}
                format={DATE_FORMATS}
                placeholder={t('datePlaceholder')}
                value={fromDay}
                // A range that ends before it starts finds nothing: the calendar does not offer it.
                disabledDate={(day: Dayjs) => !!toDay && day.isAfter(toDay, 'day')}
                onChange={(day: Dayjs | null) =>
                  onChange(withChanges(state, { from: day ? day.format('YYYY-MM-DD') : '' }))
                }
                style={{ width: '100%' }}
                {...from.control}
              />
            </Form.Item>
            <Form.Item label={t('to')} htmlFor={ids.to} {...to.item}>
              <DatePicker
                id={ids.to}
                format={DATE_FORMATS}
                placeholder={t('datePlaceholder')}
                value={toDay}
                disabledDate={(day: Dayjs) => !!fromDay && day.isBefore(fromDay, 'day')}
                onChange={(day: Dayjs | null) =>
                  onChange(withChanges(state, { to: day ? day.format('YYYY-MM-DD') : '' }))
                }
                style={{ width: '100%' }}
                {...to.control}
              />
            </Form.Item>
            <Form.Item label={t('record')} htmlFor={ids.record} {...record.item}>
              <Select
                id={ids.record}
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('recordPlaceholder')}
                loading={records.loading}
                value={state.recordId || undefined}
                options={recordOptions}
                onChange={(value?: string) =>
                  onChange(withChanges(state, { recordId: value ?? '' }))
                }
                popupMatchSelectWidth={false}
                style={{ width: '100%' }}
                {...record.control}
              />
            </Form.Item>
          </div>
          <p className="cqdt-muted cqdt-search-form__help">{t('dateHelp')}</p>
          {state.registerId ? (
            <Button
              size="small"
              icon={<CloseOutlined aria-hidden />}
              onClick={() => onChange(withChanges(state, { registerId: '' }))}
            >
              {t('removeFilter', { name: t('registerChosen') })}
            </Button>
          ) : null}
        </>
      ) : null}
    </Form>
  );
}
