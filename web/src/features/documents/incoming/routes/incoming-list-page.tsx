import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { useAuth } from '../../../../shared/auth/use-auth';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { matchesFolded } from '../../../../shared/lib/fold';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { listIncoming } from '../api/incoming';
import type { IncomingDocument, IncomingState, Urgency } from '../api/types';
import { DueFlag, StateFlag, UrgencyFlags } from '../components/flags';
import { incomingMessages } from '../i18n';
import { formatDay } from '../lib/dates';
import { incomingDocumentPath, REGISTER_INCOMING_PATH } from '../paths';
import { RegisterExportButton } from '../../reports/register-export-button';

// The newest documents the list asks for; the filters below work on them (the API filters by
// state only, docs/api.md).
const LIST_LIMIT = 200;

const STATES: IncomingState[] = [
  'registered',
  'submitted',
  'assigned',
  'in_progress',
  'completed',
  'returned',
];
const URGENCIES: Urgency[] = ['normal', 'urgent', 'very_urgent', 'express'];

interface Filter {
  q?: string;
  state?: IncomingState;
  urgency?: Urgency;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function matches(doc: IncomingDocument, filter: Filter): boolean {
  if (filter.urgency && doc.urgency !== filter.urgency) {
    return false;
  }
  const [from, to] = filter.range ?? [null, null];
  if (from && doc.arrivalDate < from.format('YYYY-MM-DD')) {
    return false;
  }
  if (to && doc.arrivalDate > to.format('YYYY-MM-DD')) {
    return false;
  }
  // Every word of the search, with tones and case ignored, in one of the columns people know.
  return matchesFolded(filter.q ?? '', [
    doc.subject,
    doc.numberText,
    doc.senderName,
    String(doc.arrivalNumber),
  ]);
}

/**
 * The incoming register (sổ văn bản đến, Decree 30/2020 Appendix VI §8.2) as the caller may see
 * it: arrival number and date, number/notation, sender, subject, due date and state, newest
 * arrival first, with filters.
 */
export default function IncomingListPage() {
  const t = useTranslate(incomingMessages);
  const tc = useTranslate(commonMessages);
  const { hasRole } = useAuth();
  const navigate = useNavigate();
  useDocumentTitle(t('listTitle'), tc('appName'));
  const [form] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});

  const docs = useAsync(
    (signal) => listIncoming({ state: filter.state, limit: LIST_LIMIT }, signal),
    [filter.state ?? ''],
  );
  const rows = useMemo(
    () => (docs.data?.items ?? []).filter((doc) => matches(doc, filter)),
    [docs.data, filter],
  );
  const filtered = !!(filter.q || filter.state || filter.urgency || filter.range);

  const columns: TableColumnsType<IncomingDocument> = [
    {
      title: t('arrivalNumber'),
      dataIndex: 'arrivalNumber',
      key: 'arrivalNumber',
      width: 90,
    },
    {
      title: t('arrivalDate'),
      dataIndex: 'arrivalDate',
      key: 'arrivalDate',
      width: 120,
      render: (value: string) => formatDay(value),
    },
    {
      title: t('numberText'),
      dataIndex: 'numberText',
      key: 'numberText',
      width: 150,
      render: (value: string, doc) => (
        <span>
          {value || t('noValue')}
          {doc.issuedDate ? (
            <div className="cqdt-muted">
              {t('issuedDate')}: {formatDay(doc.issuedDate)}
            </div>
          ) : null}
        </span>
      ),
    },
    { title: t('sender'), dataIndex: 'senderName', key: 'senderName', width: 200 },
    {
      title: t('subject'),
      dataIndex: 'subject',
      key: 'subject',
      render: (value: string, doc) => (
        <Space orientation="vertical" size={4}>
          <Link to={incomingDocumentPath(doc.id)} className="cqdt-text-link">
            {value}
          </Link>
          <Space size={4} wrap>
            <UrgencyFlags urgency={doc.urgency} confidentiality={doc.confidentiality} t={t} />
          </Space>
        </Space>
      ),
    },
    {
      title: t('dueDate'),
      dataIndex: 'dueDate',
      key: 'dueDate',
      width: 190,
      render: (value: string, doc) => <DueFlag dueDate={value} state={doc.state} t={t} />,
    },
    {
      title: t('state'),
      dataIndex: 'state',
      key: 'state',
      width: 190,
      render: (value: IncomingState) => <StateFlag state={value} t={t} />,
    },
  ];

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('listTitle')}
        </Typography.Title>
        <Space wrap>
          {hasRole('clerk', 'leader') ? <RegisterExportButton direction="incoming" /> : null}
          {hasRole('clerk') ? (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => void navigate(REGISTER_INCOMING_PATH)}
            >
              {t('registerNew')}
            </Button>
          ) : null}
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<Filter>
          form={form}
          layout="inline"
          noValidate
          onValuesChange={(_, all) => setFilter(all)}
          style={{ rowGap: 12 }}
        >
          <Form.Item name="q" label={t('filterSearch')}>
            <Input allowClear style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="state" label={t('filterState')}>
            <Select
              allowClear
              placeholder={t('filterAllStates')}
              style={{ width: 220 }}
              popupMatchSelectWidth={false}
              options={STATES.map((value) => ({ value, label: t(`state_${value}`) }))}
            />
          </Form.Item>
          <Form.Item name="urgency" label={t('filterUrgency')}>
            <Select
              allowClear
              placeholder={t('filterAllUrgencies')}
              style={{ width: 160 }}
              options={URGENCIES.map((value) => ({ value, label: t(`urgency_${value}`) }))}
            />
          </Form.Item>
          <Form.Item name="range" label={t('filterArrival')}>
            <DatePicker.RangePicker
              format="DD/MM/YYYY"
              allowEmpty={[true, true]}
              placeholder={[t('datePlaceholder'), t('datePlaceholder')]}
            />
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                form.resetFields();
                setFilter({});
              }}
            >
              {t('filterClear')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {docs.error ? <ErrorAlert error={docs.error} /> : null}
      <Table<IncomingDocument>
        rowKey="id"
        size="middle"
        loading={docs.loading}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 1100 }}
        aria-label={t('listTitle')}
        locale={{
          emptyText: <EmptyState text={filtered ? t('listEmptyFiltered') : t('listEmpty')} />,
        }}
        pagination={{
          pageSize: 20,
          showTotal: (total) => t('listCount', { count: total }),
          hideOnSinglePage: true,
        }}
      />
      {(docs.data?.items.length ?? 0) >= LIST_LIMIT ? (
        <p className="cqdt-muted">{t('listLimit', { count: LIST_LIMIT })}</p>
      ) : null}
    </>
  );
}
