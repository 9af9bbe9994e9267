// A reception's list, the same for the three receptions: what it holds, the filter (buttons with
// a visible label), how many wait (said in words), the table or its error with a reload button,
// and the empty table's sentence. The cells the lists share, and the tab title with its badge.
import { Badge, Button, Radio, Space, Table, type TableColumnsType, type TableProps } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { AsyncState } from '../lib/use-async';
import { EmptyState } from '../ui/empty-state';
import { ErrorAlert } from '../ui/error-alert';
import type { Words } from './types';

/** A tab's title: its name and, as a badge, the items waiting (also said in words). */
export function WaitingTabLabel({
  label,
  waiting,
  waitingText,
}: {
  label: string;
  waiting?: number;
  waitingText: (count: number) => string;
}) {
  return (
    <span>
      {label}
      {waiting ? (
        <>
          {' '}
          <Badge count={waiting} overflowCount={99} color="#a8071a" aria-hidden />
          <span className="cqdt-visually-hidden"> ({waitingText(waiting)})</span>
        </>
      ) : null}
    </span>
  );
}

const FILTER_PARAM = 'tinh-trang';

/**
 * The list's filter, kept in the address (?tinh-trang=, absent for `fallback`) so that a
 * reload or a shared link opens the same list; the other parameters (the tab) stay.
 */
export function useFilterParam<F extends string>(
  filters: readonly F[],
  fallback: F,
): [F, (next: F) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get(FILTER_PARAM) as F | null;
  const filter = asked && filters.includes(asked) ? asked : fallback;
  const setFilter = (next: F) => {
    const copy = new URLSearchParams(params);
    if (next === fallback) {
      copy.delete(FILTER_PARAM);
    } else {
      copy.set(FILTER_PARAM, next);
    }
    setParams(copy, { replace: true });
  };
  return [filter, setFilter];
}

/**
 * The list. `id` names the filter's label (`<id>-filter-label`); each filter's button and empty
 * table say `filter_<value>` and `empty_<value>`; `waiting`, when some wait, is said above the
 * table (and announced when it changes).
 */
export function ReceptionList<T extends { id: number }, F extends string>({
  id,
  t,
  filters,
  filter,
  onFilter,
  waiting,
  list,
  tableLabel,
  columns,
  pagination = { pageSize: 50, hideOnSinglePage: true },
}: {
  id: string;
  t: Words<'listIntro' | 'filterLabel' | 'reload' | `filter_${F}` | `empty_${F}`>;
  filters: readonly F[];
  filter: F;
  onFilter: (next: F) => void;
  waiting?: { count: number | undefined; t: Words<'waitingCount'> };
  list: AsyncState<{ items: T[] }>;
  tableLabel?: string;
  columns: TableColumnsType<T>;
  pagination?: TableProps<T>['pagination'];
}) {
  const labelId = `${id}-filter-label`;
  return (
    <>
      <p>{t('listIntro')}</p>
      <Space wrap style={{ marginBottom: 16 }}>
        <span id={labelId}>{t('filterLabel')}:</span>
        <Radio.Group
          aria-labelledby={labelId}
          optionType="button"
          value={filter}
          onChange={(e) => onFilter(e.target.value as F)}
          options={filters.map((f) => ({ value: f, label: t(`filter_${f}`) }))}
        />
      </Space>
      {waiting?.count ? (
        <p aria-live="polite">{waiting.t('waitingCount', { count: waiting.count })}</p>
      ) : null}
      {list.error ? (
        <Space direction="vertical">
          <ErrorAlert error={list.error} />
          <Button onClick={list.reload}>{t('reload')}</Button>
        </Space>
      ) : (
        <Table<T>
          aria-label={tableLabel}
          rowKey="id"
          size="small"
          loading={list.loading && !list.data}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={pagination}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState text={t(`empty_${filter}`)} /> }}
        />
      )}
    </>
  );
}

/** A sender: its name over its code (or address) in grey, or the code alone. */
export function NameAndCode({
  name,
  code,
  className,
}: {
  name: string;
  code: string;
  className?: string;
}) {
  return (
    <span className={className}>
      {name || code}
      {name ? (
        <>
          <br />
          <span className="cqdt-muted">{code}</span>
        </>
      ) : null}
    </span>
  );
}

/** The link to the item's page, followed by its flags (tags; a falsy one is left out). */
export function SubjectLink({
  to,
  text,
  flags,
  className,
}: {
  to: string;
  text: ReactNode;
  flags: ReactNode[];
  className?: string;
}) {
  return (
    <span className={className}>
      <Link to={to}>{text}</Link>
      {flags.map((flag, index) => (flag ? <Fragment key={index}> {flag}</Fragment> : null))}
    </span>
  );
}
