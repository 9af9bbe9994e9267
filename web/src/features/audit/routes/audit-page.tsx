import { SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { matchesFolded } from '../../../shared/lib/fold';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { EmptyState } from '../../../shared/ui/empty-state';
import { formatVnTime, toVnIso } from '../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  type AuditEntry,
  type AuditFilter,
  type AuditVerification,
  listAudit,
  verifyAuditChain,
} from '../api/audit';
import { auditMessages } from '../i18n';
import {
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  actionMessages,
  entityMessages,
  isKnownAction,
  isKnownEntity,
} from '../labels';

interface FilterValues {
  actor?: string;
  action?: string;
  entity?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

interface LabelledOption {
  value: string;
  label: string;
}

function toFilter(values: FilterValues): AuditFilter {
  const filter: AuditFilter = {};
  for (const key of ['actor', 'action', 'entity'] as const) {
    const value = values[key]?.trim();
    if (value) filter[key] = value;
  }
  // The picker's days are Vietnam days; the server reads from/to as days in UTC+7.
  const [from, to] = values.range ?? [null, null];
  if (from) filter.from = from.format('YYYY-MM-DD');
  if (to) filter.to = to.format('YYYY-MM-DD');
  return filter;
}

/** Select search over the label and the code, ignoring case and tones ("khoa" finds "Khóa"). */
const filterByLabelOrCode = (input: string, option?: LabelledOption) =>
  option ? matchesFolded(input, [option.label, option.value]) : false;

export default function AuditPage() {
  const t = useTranslate(auditMessages);
  const ta = useTranslate(actionMessages);
  const te = useTranslate(entityMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('auditTitle'), tc('appName'));
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);

  const entries = useAsync(
    (signal) => listAudit(filter, { limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [filter, page, pageSize],
  );

  const actionLabel = (code: string) => (isKnownAction(code) ? ta(code) : code);
  const entityLabel = (code: string) => (isKnownEntity(code) ? te(code) : code);

  // Actions in the current language, sorted by label, each also matching its code.
  const actionOptions = useMemo<LabelledOption[]>(
    () =>
      AUDIT_ACTIONS.map((code) => ({ value: code, label: ta(code) })).sort((a, b) =>
        a.label.localeCompare(b.label, 'vi'),
      ),
    [ta],
  );
  const entityOptions = useMemo<LabelledOption[]>(
    () =>
      AUDIT_ENTITIES.map((code) => ({ value: code, label: te(code) })).sort((a, b) =>
        a.label.localeCompare(b.label, 'vi'),
      ),
    [te],
  );

  const verify = async () => {
    setVerifying(true);
    setVerification(null);
    setVerifyError(null);
    try {
      setVerification(await verifyAuditChain());
    } catch (error) {
      setVerifyError(error);
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('at'),
      dataIndex: 'at',
      key: 'at',
      width: 180,
      render: (at: string) => <time dateTime={toVnIso(at)}>{formatVnTime(at)}</time>,
    },
    { title: t('actor'), dataIndex: 'actor', key: 'actor', width: 150 },
    {
      title: t('action'),
      dataIndex: 'action',
      key: 'action',
      width: 190,
      render: (action: string) => <span title={action}>{actionLabel(action)}</span>,
    },
    {
      title: t('entity'),
      key: 'entity',
      width: 220,
      render: (_value, entry) => (
        <>
          <div>{entityLabel(entry.entity)}</div>
          {entry.entityName || entry.entityId ? (
            <div className="cqdt-muted" title={entry.entityId}>
              {entry.entityName ?? `#${entry.entityId}`}
            </div>
          ) : null}
        </>
      ),
    },
    { title: t('summary'), dataIndex: 'summary', key: 'summary' },
    {
      title: t('clientAddress'),
      dataIndex: 'clientAddress',
      key: 'clientAddress',
      width: 140,
      responsive: ['xl'],
    },
    {
      title: t('hash'),
      dataIndex: 'hash',
      key: 'hash',
      width: 120,
      responsive: ['lg'],
      render: (hash: string) => (
        <Typography.Text code title={hash}>
          {hash ? `${hash.slice(0, 10)}…` : ''}
        </Typography.Text>
      ),
    },
  ];

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('auditTitle')}
        </Typography.Title>
        <Button
          icon={<SafetyCertificateOutlined aria-hidden />}
          loading={verifying}
          onClick={() => void verify()}
        >
          {t('verify')}
        </Button>
      </div>
      <div aria-live="polite">
        {verification ? (
          <Alert
            style={{ marginBottom: 16 }}
            type={verification.ok ? 'success' : 'error'}
            showIcon
            role={verification.ok ? 'status' : 'alert'}
            title={verification.ok ? t('verifyOk') : t('verifyBroken')}
            description={
              verification.ok
                ? t('verifyOkText', { checked: verification.checked })
                : t('verifyBrokenText', {
                    id: verification.firstBrokenId ?? '?',
                    reason: verification.reason ?? '',
                  })
            }
            closable={{ onClose: () => setVerification(null) }}
          />
        ) : null}
        {verifyError ? <ErrorAlert error={verifyError} /> : null}
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FilterValues>
          noValidate
          form={form}
          layout="inline"
          aria-label={t('filters')}
          role="search"
          onFinish={(values) => {
            setFilter(toFilter(values));
            setPage(1);
          }}
          style={{ rowGap: 12 }}
        >
          <Form.Item name="actor" label={t('actor')}>
            <Input allowClear style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="action" label={t('action')}>
            <Select<string, LabelledOption>
              allowClear
              showSearch={{ filterOption: filterByLabelOrCode }}
              placeholder={t('allActions')}
              options={actionOptions}
              style={{ width: 240 }}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
          <Form.Item name="entity" label={t('entity')}>
            <Select<string, LabelledOption>
              allowClear
              showSearch={{ filterOption: filterByLabelOrCode }}
              placeholder={t('allEntities')}
              options={entityOptions}
              style={{ width: 200 }}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
          <Form.Item name="range" label={t('dateRange')}>
            <DatePicker.RangePicker
              format="DD/MM/YYYY"
              allowEmpty={[true, true]}
              placeholder={[t('dateFrom'), t('dateTo')]}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('apply')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                  setPage(1);
                }}
              >
                {tc('reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {entries.error ? <ErrorAlert error={entries.error} /> : null}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={entries.loading}
        columns={columns}
        dataSource={entries.data?.items ?? []}
        scroll={{ x: 900 }}
        aria-label={t('tableLabel')}
        locale={{ emptyText: <EmptyState text={t('tableEmpty')} /> }}
        pagination={{
          current: page,
          pageSize,
          total: entries.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('entriesCount', { count: total }),
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage);
            setPageSize(nextSize);
          },
        }}
      />
    </>
  );
}
