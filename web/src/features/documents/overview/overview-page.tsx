import { Button, Card, Pagination, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import type { QueueFlag } from '../work/api';
import { QueueItemRow } from '../work/queue-item';
import { getOverview, getOverviewItems, type OverviewLine } from './api';
import { overviewMessages } from './i18n';

const PAGE_SIZE = 20;

type What = 'open' | 'due_soon' | 'overdue';

interface Selection {
  /** undefined: the whole agency; 0: people without a unit (the API's convention). */
  unitId: number | undefined;
  unit: string;
  what: What;
}

/** The items behind one count of the overview, paged by the server. */
function Items({ selection, onClose }: { selection: Selection; onClose: () => void }) {
  const t = useTranslate(overviewMessages);
  const [page, setPage] = useState(1);
  const flag: QueueFlag = selection.what === 'open' ? '' : selection.what;
  const items = useAsync(
    (signal) =>
      getOverviewItems(
        { unitId: selection.unitId, flag, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        signal,
      ),
    [selection.unitId ?? null, flag, page],
  );
  const title = t('itemsTitle', { unit: selection.unit, what: t(`what_${selection.what}`) });
  return (
    <Card
      style={{ marginTop: 16 }}
      title={
        <h2 id="overview-items" className="cqdt-card-title">
          {title}
        </h2>
      }
      extra={<Button onClick={onClose}>{t('close')}</Button>}
    >
      <section
        aria-labelledby="overview-items"
        data-testid="overview-items"
        aria-busy={items.loading}
      >
        {items.error ? <ErrorAlert error={items.error} title={t('loadFailed')} /> : null}
        {items.data && items.data.items.length === 0 ? (
          <EmptyState text={t('itemsEmpty')} />
        ) : (
          <ul className="cqdt-work-list" aria-label={title}>
            {(items.data?.items ?? []).map((item) => (
              <QueueItemRow key={`${item.direction}-${item.id}`} item={item} />
            ))}
          </ul>
        )}
        {(items.data?.total ?? 0) > PAGE_SIZE ? (
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={items.data?.total ?? 0}
            onChange={setPage}
            showSizeChanger={false}
            size="small"
          />
        ) : null}
      </section>
    </Card>
  );
}

/**
 * The leader's overview (`/van-ban/tong-quan`): the agency's and each unit's open, due-soon and
 * overdue documents; a number opens the documents behind it.
 */
export default function OverviewPage() {
  const t = useTranslate(overviewMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('title'), tc('appName'));
  const overview = useAsync((signal) => getOverview(signal), []);
  const [selection, setSelection] = useState<Selection | null>(null);

  const unitName = (line: OverviewLine) =>
    line.scope === 'agency' ? t('agency') : line.unitId === null ? t('noUnit') : line.unitName;

  const countCell = (what: What, field: 'open' | 'dueSoon' | 'overdue') => ({
    key: field,
    width: 92,
    align: 'right' as const,
    render: (_: unknown, line: OverviewLine) => {
      const count = line[field];
      const unit = unitName(line);
      if (count === 0) {
        return <span className="cqdt-muted">0</span>;
      }
      return (
        <Button
          type="link"
          // Overdue in the theme's red (5.6:1), the column heading says it in words.
          danger={what === 'overdue'}
          style={{ fontWeight: what === 'open' ? 400 : 600, paddingInline: 4 }}
          aria-label={t('openCount', { unit, count, what: t(`what_${what}`) })}
          data-count={what}
          onClick={() =>
            setSelection({
              unitId: line.scope === 'agency' ? undefined : (line.unitId ?? 0),
              unit,
              what,
            })
          }
        >
          {count}
        </Button>
      );
    },
  });

  const columns: TableColumnsType<OverviewLine> = [
    {
      title: t('colUnit'),
      key: 'unit',
      render: (_, line) =>
        line.scope === 'agency' ? <strong>{unitName(line)}</strong> : unitName(line),
    },
    { title: t('colOpen'), ...countCell('open', 'open') },
    { title: t('colDueSoon'), ...countCell('due_soon', 'dueSoon') },
    { title: t('colOverdue'), ...countCell('overdue', 'overdue') },
  ];

  const lines = overview.data?.items ?? [];
  const nothing = lines.length === 0 || (lines.length === 1 && lines[0]?.open === 0);
  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('title')}
        </Typography.Title>
      </div>
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      {overview.error ? <ErrorAlert error={overview.error} title={t('loadFailed')} /> : null}
      <Table<OverviewLine>
        rowKey={(line) => `${line.scope}-${line.unitId ?? 'none'}`}
        size="middle"
        loading={overview.loading}
        columns={columns}
        dataSource={overview.data && !nothing ? lines : []}
        pagination={false}
        tableLayout="fixed"
        aria-label={t('tableLabel')}
        data-testid="overview-table"
        locale={{ emptyText: <EmptyState text={t('empty')} /> }}
      />
      {selection ? (
        <Items
          key={`${selection.unitId ?? 'agency'}-${selection.what}`}
          selection={selection}
          onClose={() => setSelection(null)}
        />
      ) : null}
    </>
  );
}
