// Danh mục hồ sơ (/ho-so/danh-muc): the agency's file plan for a year (the year picker keeps it
// in the address, ?nam=2026), its items added, edited and deleted by clerks and leaders in a
// dialog, last year's plan copied forward with one confirmed action, and a record opened under
// an item by the officer who keeps it.
import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Modal, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { copyPlan, deletePlanItem, getPlan, listColleagues, listUnits, type PlanItem } from './api';
import { vnYear } from './dates';
import { recordsMessages, type RecordsTranslate } from './i18n';
import { OpenRecordModal } from './open-record-modal';
import { recordPath } from './paths';
import { PlanItemModal } from './plan-item-modal';
import './records.css';

function yearOf(value: string | null, fallback: number): number {
  const year = Number(value);
  return Number.isInteger(year) && year >= 1900 && year <= 9999 ? year : fallback;
}

/** A confirmed action in a dialog, with the API's refusal shown inside it. */
function ConfirmDialog({
  title,
  text,
  okText,
  danger,
  failedTitle,
  t,
  onConfirm,
  onClose,
}: {
  title: string;
  text: string;
  okText: string;
  danger?: boolean;
  failedTitle: string;
  t: RecordsTranslate;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={okText}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy, danger }}
      onOk={() => void run()}
      destroyOnHidden
    >
      <p>{text}</p>
      {error ? <ErrorAlert error={error} title={failedTitle} /> : null}
    </Modal>
  );
}

type Dialog =
  | { kind: 'new' }
  | { kind: 'edit'; item: PlanItem }
  | { kind: 'delete'; item: PlanItem }
  | { kind: 'open'; item: PlanItem }
  | { kind: 'copy' };

export default function PlanPage() {
  const t = useTranslate(recordsMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const thisYear = vnYear();
  const year = yearOf(params.get('nam'), thisYear);
  const title = t('planTitle', { year });
  useDocumentTitle(title, tc('appName'));
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const plan = useAsync((signal) => getPlan(year, signal), [year, lang]);
  const canEdit = plan.data?.canEdit ?? false;
  const agencyId = user?.agencyId != null ? Number(user.agencyId) : null;
  const units = useAsync(
    (signal) => listUnits(agencyId ?? 0, signal),
    [agencyId, canEdit],
    canEdit && agencyId !== null,
  );
  const colleagues = useAsync((signal) => listColleagues(signal), [canEdit], canEdit);

  const years = [
    ...new Set([thisYear + 1, ...Array.from({ length: 6 }, (_, i) => thisYear - i), year]),
  ]
    .sort((a, b) => b - a)
    .map((y) => ({ value: y, label: String(y) }));

  const columns: TableColumnsType<PlanItem> = [
    {
      title: t('colCode'),
      dataIndex: 'code',
      key: 'code',
      width: 110,
      render: (code: string) => <strong>{code}</strong>,
    },
    {
      title: t('colTitle'),
      dataIndex: 'title',
      key: 'title',
      render: (value: string) => <span className="cqdt-record-wrap">{value}</span>,
    },
    {
      title: t('colUnit'),
      key: 'unit',
      width: 200,
      render: (_, item) => (
        <span className="cqdt-record-wrap">
          {item.unitName || t('wholeAgency')}
          {item.responsibleName ? <div className="cqdt-muted">{item.responsibleName}</div> : null}
        </span>
      ),
    },
    { title: t('colRetention'), dataIndex: 'retentionLabel', key: 'retention', width: 130 },
    {
      title: t('colNote'),
      dataIndex: 'note',
      key: 'note',
      width: 180,
      render: (value: string) => <span className="cqdt-record-wrap">{value}</span>,
    },
    {
      title: t('colRecord'),
      key: 'record',
      width: 150,
      render: (_, item) =>
        item.recordId !== null ? (
          <Link
            to={recordPath(item.recordId)}
            aria-label={t('viewRecordLabel', { code: item.code })}
          >
            {t('viewRecord')}
          </Link>
        ) : (
          <Button
            size="small"
            type="primary"
            ghost
            aria-label={t('openRecordLabel', { code: item.code })}
            onClick={() => setDialog({ kind: 'open', item })}
          >
            {t('openRecord')}
          </Button>
        ),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('colActions'),
      key: 'actions',
      width: 150,
      render: (_, item) => (
        <Space size={4} wrap>
          <Button
            size="small"
            aria-label={t('editItemLabel', { code: item.code })}
            onClick={() => setDialog({ kind: 'edit', item })}
          >
            {t('editItem')}
          </Button>
          {item.recordId === null ? (
            <Button
              size="small"
              danger
              aria-label={t('deleteItemLabel', { code: item.code })}
              onClick={() => setDialog({ kind: 'delete', item })}
            >
              {t('deleteItem')}
            </Button>
          ) : null}
        </Space>
      ),
    });
  }

  const done = () => {
    setDialog(null);
    plan.reload();
  };

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {title}
        </Typography.Title>
        {canEdit ? (
          <Space wrap>
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => setDialog({ kind: 'new' })}
            >
              {t('addItem')}
            </Button>
            <Button icon={<CopyOutlined aria-hidden />} onClick={() => setDialog({ kind: 'copy' })}>
              {t('copyForward')}
            </Button>
          </Space>
        ) : null}
      </div>
      <Typography.Paragraph>{t('planIntro')}</Typography.Paragraph>
      <div className="cqdt-filter-bar">
        <Space wrap>
          <label htmlFor="records-plan-year">{t('yearLabel')}</label>
          <Select
            id="records-plan-year"
            style={{ width: 120 }}
            value={year}
            options={years}
            onChange={(value: number) =>
              setParams(value === thisYear ? {} : { nam: String(value) }, { replace: true })
            }
          />
        </Space>
      </div>
      {plan.error ? <ErrorAlert error={plan.error} title={t('planLoadFailed')} /> : null}
      <Table<PlanItem>
        rowKey="id"
        size="middle"
        loading={plan.loading}
        columns={columns}
        dataSource={plan.data?.items ?? []}
        scroll={{ x: 1000 }}
        aria-label={t('planTable', { year })}
        data-testid="plan-table"
        locale={{
          emptyText: <EmptyState text={t(canEdit ? 'planEmpty' : 'planEmptyReader', { year })} />,
        }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      {dialog?.kind === 'new' || dialog?.kind === 'edit' ? (
        <PlanItemModal
          year={year}
          item={dialog.kind === 'edit' ? dialog.item : null}
          units={units.data?.items ?? []}
          colleagues={colleagues.data?.items ?? []}
          t={t}
          onClose={() => setDialog(null)}
          onSaved={done}
        />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title={t('deleteTitle', { code: dialog.item.code })}
          text={t('deleteText', { title: dialog.item.title, year })}
          okText={t('deleteConfirm')}
          danger
          failedTitle={t('deleteFailed')}
          t={t}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await deletePlanItem(dialog.item.id);
            void message.success(t('deleted', { code: dialog.item.code }));
            done();
          }}
        />
      ) : null}
      {dialog?.kind === 'copy' ? (
        <ConfirmDialog
          title={t('copyTitle', { from: year - 1, to: year })}
          text={t('copyText', { from: year - 1, to: year })}
          okText={t('copyConfirm')}
          failedTitle={t('copyFailed')}
          t={t}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            const result = await copyPlan(year - 1, year);
            void message.success(
              t('copied', { copied: result.copied, skipped: result.skipped, from: year - 1 }),
            );
            done();
          }}
        />
      ) : null}
      {dialog?.kind === 'open' ? (
        <OpenRecordModal
          item={dialog.item}
          t={t}
          onClose={() => setDialog(null)}
          onOpened={(record) => {
            setDialog(null);
            void navigate(recordPath(record.id));
          }}
        />
      ) : null}
    </>
  );
}
