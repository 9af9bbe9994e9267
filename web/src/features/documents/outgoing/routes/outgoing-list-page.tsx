// Văn bản đi (/van-ban/di): start a draft; the outgoing documents waiting for the caller (the
// work queues, and their returned drafts); the outgoing register (sổ văn bản đi) of the
// agency for its clerks and leaders, entry by entry with the documents' numbers and subjects.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { useAuth } from '../../../../shared/auth/use-auth';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { getOutgoing, listNotices, listRegisterEntries, listRegisters } from '../api/outgoing';
import { listOutgoingQueue, type OutgoingQueue } from '../api/processing';
import type { OutgoingDocument, RegisterEntry } from '../api/types';
import { BatchSignCard } from '../components/batch-sign';
import { outgoingMessages } from '../i18n';
import { isOutgoingLink, NEW_DRAFT_PATH, outgoingPath } from '../paths';
import { RegisterExportButton } from '../../reports/register-export-button';

interface Row extends RegisterEntry {
  document: OutgoingDocument | null;
}

function thisYearInVietnam(): number {
  return new Date(Date.now() + 7 * 3600 * 1000).getUTCFullYear();
}

// What waits for the caller now: the drafts to review, the documents to sign and, for clerks,
// to number and seal (the work queues: an item leaves when it is acted on), and the caller's own
// drafts returned to them (their unread notices: no queue holds a drafter's returned drafts).
const PENDING_QUEUES: readonly OutgoingQueue[] = ['review', 'sign', 'issue'];

interface PendingItem {
  key: string;
  link: string;
  text: string;
  detail: string;
  overdue: boolean;
  dueSoon: boolean;
}

function PendingCard() {
  const t = useTranslate(outgoingMessages);
  const queues = useAsync(
    (signal) => Promise.all(PENDING_QUEUES.map((q) => listOutgoingQueue(q, signal))),
    [],
  );
  const notices = useAsync((signal) => listNotices(signal), []);
  const items = useMemo(() => {
    const seen = new Set<string>();
    const out: PendingItem[] = [];
    (queues.data ?? []).forEach((page, index) => {
      const queue: OutgoingQueue = PENDING_QUEUES[index] ?? 'review';
      for (const item of page.items) {
        const link = outgoingPath(item.id);
        if (seen.has(link)) continue;
        seen.add(link);
        out.push({
          key: link,
          link,
          text: item.subject,
          detail: t(`pendingQueue_${queue}`),
          overdue: item.overdue,
          dueSoon: item.dueSoon,
        });
      }
    });
    for (const n of notices.data?.items ?? []) {
      if (
        !n.readAt &&
        n.kind === 'documents.review_returned' &&
        isOutgoingLink(n.link) &&
        !seen.has(n.link)
      ) {
        seen.add(n.link);
        out.push({
          key: n.link,
          link: n.link,
          text: n.text,
          detail: t('timeVn', { time: formatVnTime(n.createdAt) }),
          overdue: false,
          dueSoon: false,
        });
      }
    }
    return out;
  }, [queues.data, notices.data, t]);
  const error = queues.error ?? notices.error;
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {t('pendingTitle')}
      </Typography.Title>
      {error ? <ErrorAlert error={error} /> : null}
      {items.length === 0 ? (
        <EmptyState text={t('pendingEmpty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => (
            <List.Item key={item.key}>
              <div>
                <Link to={item.link}>{item.text}</Link>
                <div className="cqdt-muted">
                  {item.detail}
                  {item.overdue ? (
                    <Tag color="red" style={{ marginInlineStart: 8 }}>
                      {t('pendingOverdue')}
                    </Tag>
                  ) : item.dueSoon ? (
                    <Tag color="orange" style={{ marginInlineStart: 8 }}>
                      {t('pendingDueSoon')}
                    </Tag>
                  ) : null}
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function RegisterCard({ agencyId }: { agencyId: number }) {
  const t = useTranslate(outgoingMessages);
  const registers = useAsync((signal) => listRegisters(agencyId, signal), [agencyId]);
  const outgoing = useMemo(
    () => (registers.data?.items ?? []).filter((r) => r.direction === 'outgoing' && r.active),
    [registers.data],
  );
  const [chosen, setChosen] = useState<number | undefined>();
  const registerId = chosen ?? outgoing[0]?.id;
  const thisYear = thisYearInVietnam();
  const [year, setYear] = useState(thisYear);
  const entries = useAsync(
    async (signal) => {
      const answer = await listRegisterEntries(registerId ?? 0, year, signal);
      // The register lists numbers; the documents give their notation and subject. A document
      // the caller may not see (confidential) stays a bare number.
      return Promise.all(
        answer.items.map(async (entry): Promise<Row> => {
          const document = await getOutgoing(entry.documentId, signal).catch(() => null);
          return { ...entry, document };
        }),
      );
    },
    [registerId, year],
    registerId !== undefined,
  );

  const columns: TableColumnsType<Row> = [
    { title: t('colNumber'), dataIndex: 'number', key: 'number', width: 70 },
    {
      title: t('colNumberText'),
      key: 'numberText',
      render: (_, row) => row.document?.numberText ?? '',
    },
    {
      title: t('colSubject'),
      key: 'subject',
      render: (_, row) =>
        row.document ? (
          <Link to={outgoingPath(row.documentId)}>{row.document.subject}</Link>
        ) : (
          <span className="cqdt-muted">{t('hiddenDocument')}</span>
        ),
    },
    {
      title: t('colIssuedDate'),
      key: 'issuedDate',
      render: (_, row) => row.document?.issuedDate?.split('-').reverse().join('/') ?? '',
    },
    {
      title: t('colState'),
      key: 'state',
      render: (_, row) => (
        <Tag color={row.state === 'cancelled' ? 'error' : 'success'}>{row.stateLabel}</Tag>
      ),
    },
    {
      title: t('colAllocatedAt'),
      dataIndex: 'allocatedAt',
      key: 'allocatedAt',
      render: (value: string) => formatVnTime(value),
    },
  ];

  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {t('registerTitle')}
      </Typography.Title>
      {registers.error ? <ErrorAlert error={registers.error} /> : null}
      <Space wrap style={{ marginBottom: 16 }}>
        <label htmlFor="outgoing-register">{t('registerLabel')}</label>
        <Select
          id="outgoing-register"
          style={{ minWidth: 240 }}
          value={registerId}
          onChange={setChosen}
          loading={registers.loading}
          options={outgoing.map((r) => ({ value: r.id, label: r.name }))}
        />
        <label htmlFor="outgoing-register-year">{t('yearLabel')}</label>
        <Select
          id="outgoing-register-year"
          style={{ width: 110 }}
          value={year}
          onChange={setYear}
          options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: y }))}
        />
      </Space>
      {entries.error ? <ErrorAlert error={entries.error} /> : null}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={entries.loading}
        pagination={false}
        columns={columns}
        dataSource={entries.data ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <EmptyState text={t('registerEmpty')} /> }}
        aria-label={t('registerTitle')}
      />
    </Card>
  );
}

export default function OutgoingListPage() {
  const t = useTranslate(outgoingMessages);
  const tc = useTranslate(commonMessages);
  const navigate = useNavigate();
  const { user, hasRole } = useAuth();
  useDocumentTitle(t('listTitle'), tc('appName'));
  const agencyId = user?.agencyId != null ? Number(user.agencyId) : undefined;
  return (
    <>
      <Space
        wrap
        style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}
        align="center"
      >
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('listTitle')}
        </Typography.Title>
        <Space wrap>
          {hasRole('clerk', 'leader') ? <RegisterExportButton direction="outgoing" /> : null}
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => void navigate(NEW_DRAFT_PATH)}
          >
            {t('newDraft')}
          </Button>
        </Space>
      </Space>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <PendingCard />
        <BatchSignCard showWhenEmpty={hasRole('leader')} />
        {agencyId !== undefined && hasRole('clerk', 'leader') ? (
          <RegisterCard agencyId={agencyId} />
        ) : null}
      </Space>
    </>
  );
}
