/**
 * "Phản ánh, kiến nghị" (/phan-anh-kien-nghi, issue 13 item 7): the agency's queue of feedback
 * and complaints, the unanswered by due day first, overdue ones flagged; filters in the address.
 */
import { Checkbox, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { type Petition, petitionQueue } from '../api';
import '../feedback.css';
import { staffPetitionPath } from '../paths';
import { dayText, PetitionStateFlags } from '../petition-view';
import { staffFeedbackMessages } from '../staff-i18n';

const PAGE = 50;
const STATES = ['received', 'processing', 'answered'] as const;

export default function PetitionsPage() {
  const t = useTranslate(staffFeedbackMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  useDocumentTitle(t('queueTitle'), tc('appName'));
  const [params, setParams] = useSearchParams();
  const state = params.get('tinh-trang') ?? '';
  const overdue = params.get('qua-han') === '1';
  const page = Math.max(1, Number(params.get('trang') ?? '1') || 1);
  const queue = useAsync(
    (signal) =>
      petitionQueue(
        { state: state || undefined, overdue, limit: PAGE, offset: (page - 1) * PAGE },
        signal,
      ),
    [state, overdue, page, lang],
  );

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) {
        next.set(k, v);
      } else {
        next.delete(k);
      }
    }
    setParams(next, { replace: true });
  };

  const columns: TableColumnsType<Petition> = [
    {
      title: t('colCode'),
      key: 'code',
      width: 160,
      render: (_, p) => <Link to={staffPetitionPath(p.code)}>{p.code}</Link>,
    },
    { title: t('colTitle'), dataIndex: 'title', key: 'title' },
    {
      title: t('colCategory'),
      key: 'category',
      width: 200,
      render: (_, p) => p.category.label,
      responsive: ['md'],
    },
    {
      title: t('colState'),
      key: 'state',
      width: 200,
      render: (_, p) => <PetitionStateFlags petition={p} />,
    },
    { title: t('colDue'), key: 'due', width: 120, render: (_, p) => dayText(p.dueOn) },
    {
      title: t('colAssignee'),
      key: 'assignee',
      width: 180,
      render: (_, p) => p.assignee?.name ?? '',
      responsive: ['lg'],
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('queueTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('queueLead')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <label htmlFor="petitions-state">{t('filterState')}</label>
        <Select
          id="petitions-state"
          style={{ width: 200 }}
          value={state}
          onChange={(v: string) => set({ 'tinh-trang': v, trang: '' })}
          options={[
            { value: '', label: t('stateAll') },
            ...STATES.map((s) => ({ value: s, label: t(`state_${s}`) })),
          ]}
        />
        <Checkbox
          checked={overdue}
          onChange={(e) => set({ 'qua-han': e.target.checked ? '1' : '', trang: '' })}
        >
          {t('overdueOnly')}
        </Checkbox>
      </Space>
      <ErrorAlert error={queue.error} />
      <Table<Petition>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={queue.data?.items ?? []}
        loading={queue.loading}
        locale={{ emptyText: <EmptyState text={t('empty')} /> }}
        scroll={{ x: true }}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: queue.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => set({ trang: p > 1 ? String(p) : '' }),
          showTotal: (n) => t('total', { count: n }),
        }}
      />
    </>
  );
}
