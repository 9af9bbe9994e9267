// One procedure (/mot-cua/thu-tuc/:code, issue 12 item 1): the version in force with every field
// of its published record — channels with deadlines and fees, required documents, legal basis,
// inter-agency chain, the internal process against each deadline — the agencies that perform it
// and its versions. Values no source confirmed are tagged "chưa xác minh".
import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, List, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { formatVnDate } from '../../shared/lib/vn-time';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { PageLoader } from '../../shared/ui/page-loader';
import {
  type ChannelOffer,
  getProcedure,
  listVersions,
  type Procedure,
  type ProcessStep,
  type RequiredDocument,
} from './api';
import { Flag } from '../../shared/ui/flag';
import { TemplateCell } from './template-cell';
import { onestopMessages } from './i18n';
import { PROCEDURES_PATH, processEditorPath } from './paths';

/** Is the field at `path` (or a part of it, or the list it is in) unconfirmed? */
function isUnconfirmed(p: Procedure, path: string): boolean {
  return p.unconfirmed.some(
    (u) => u === path || path.startsWith(`${u}.`) || path.startsWith(`${u}[`),
  );
}

const vnd = new Intl.NumberFormat('vi-VN');

export default function ProcedurePage() {
  const t = useTranslate(onestopMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { hasRole } = useAuth();
  const navigate = useNavigate();
  const code = useParams().code ?? '';
  const [reloads, setReloads] = useState(0);
  const loaded = useAsync((signal) => getProcedure(code, signal), [code, lang, reloads]);
  const versions = useAsync((signal) => listVersions(code, signal), [code, lang]);
  const p = loaded.data;
  useDocumentTitle(p?.name ?? t('listTitle'), tc('appName'));

  if (loaded.loading && !p) {
    return <PageLoader label={tc('loading')} />;
  }
  if (!p) {
    return <ErrorAlert error={loaded.error} title={t('loadFailed')} />;
  }
  const tag = (path: string) =>
    isUnconfirmed(p, path) ? <Flag kind="unconfirmed">{t('unconfirmed')}</Flag> : null;
  const withTag = (path: string, value: ReactNode) => (
    <span>
      {value} {tag(path)}
    </span>
  );

  const channelColumns: TableColumnsType<ChannelOffer & { index: number }> = [
    {
      title: t('colChannel'),
      key: 'channel',
      width: 160,
      render: (_, c) => withTag(`channels[${c.index}]`, c.channelLabel),
    },
    {
      title: t('colDeadline'),
      key: 'deadline',
      width: 200,
      render: (_, c) => (
        <Space orientation="vertical" size={2}>
          {withTag(`channels[${c.index}].deadline`, <strong>{c.deadline.label}</strong>)}
          {c.deadline.note ? (
            <Typography.Text type="secondary">{c.deadline.note}</Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('colFees'),
      key: 'fees',
      render: (_, c) =>
        c.fees.length === 0 ? (
          withTag(`channels[${c.index}].fees`, t('feeFree'))
        ) : (
          <Space orientation="vertical" size={2}>
            {tag(`channels[${c.index}].fees`)}
            {c.fees.map((f) => (
              <span key={f.name}>
                {t('feeLine', { name: f.name, amount: `${vnd.format(f.amount)} đ` })}
                {f.note ? <Typography.Text type="secondary"> — {f.note}</Typography.Text> : null}
              </span>
            ))}
          </Space>
        ),
    },
    { title: t('colDescription'), dataIndex: 'description', key: 'description' },
  ];
  const documentColumns: TableColumnsType<RequiredDocument & { index: number }> = [
    {
      title: t('colDocument'),
      key: 'name',
      render: (_, d) => (
        <Space orientation="vertical" size={2}>
          {withTag(`documents[${d.index}]`, d.name)}
          <TemplateCell
            code={p.code}
            ordinal={d.index + 1}
            document={d}
            onUploaded={() => setReloads((n) => n + 1)}
          />
          {d.replaceableByData ? <Flag kind="info">{t('replaceable')}</Flag> : null}
        </Space>
      ),
    },
    {
      title: t('colCopies'),
      key: 'copies',
      width: 200,
      render: (_, d) => t('copiesLine', { originals: d.originals, copies: d.copies }),
    },
    {
      title: t('colRequired'),
      key: 'required',
      width: 100,
      render: (_, d) => (d.required ? t('yes') : t('no')),
    },
  ];
  const stepColumns: TableColumnsType<ProcessStep & { index: number }> = [
    { title: t('colRow'), key: 'n', width: 80, render: (_, s) => s.index + 1 },
    { title: t('colStep'), dataIndex: 'name', key: 'name' },
    { title: t('colPerformer'), dataIndex: 'performerLabel', key: 'performer', width: 220 },
    { title: t('colHours'), dataIndex: 'hours', key: 'hours', width: 140, align: 'right' },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Link to={PROCEDURES_PATH}>{t('back')}</Link>
        <div className="cqdt-page-heading">
          <Typography.Title level={1} style={{ fontSize: 24 }}>
            {p.name}
          </Typography.Title>
          {hasRole('admin') ? (
            <Button
              icon={<EditOutlined aria-hidden />}
              onClick={() => void navigate(processEditorPath(p.code))}
            >
              {t('editProcess')}
            </Button>
          ) : null}
        </div>
        <Typography.Text type="secondary">
          {p.effectiveTo
            ? t('versionUntil', {
                version: p.version,
                from: formatVnDate(p.effectiveFrom),
                to: formatVnDate(p.effectiveTo),
              })
            : t('versionLine', { version: p.version, from: formatVnDate(p.effectiveFrom) })}
        </Typography.Text>
      </div>
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('colCode')}>{p.code}</Descriptions.Item>
          <Descriptions.Item label={t('nationalCode')}>
            {withTag('nationalCode', p.nationalCode || t('noNationalCode'))}
          </Descriptions.Item>
          <Descriptions.Item label={t('colLevel')}>{p.levelLabel}</Descriptions.Item>
          <Descriptions.Item label={t('colSector')}>
            {withTag('sector', p.sector.name)}
          </Descriptions.Item>
          <Descriptions.Item label={t('publishedBy')}>
            {withTag(
              'publishedBy',
              [p.publishedBy.number, formatVnDate(p.publishedBy.date)].filter(Boolean).join(', ') ||
                t('publishedNone'),
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('onlineLevel')}>
            {withTag('onlineLevel', p.onlineLevelLabel)}
          </Descriptions.Item>
          <Descriptions.Item label={t('subjects')}>{p.subjectLabels.join(', ')}</Descriptions.Item>
          <Descriptions.Item label={t('performers')}>
            {p.performers.join('; ') || t('none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('resultLabel')}>
            {withTag('result', p.result.name)}
            {p.result.electronic ? <Flag kind="ok">{t('resultElectronic')}</Flag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('sets')}>{withTag('sets', p.sets)}</Descriptions.Item>
          <Descriptions.Item label={t('conditions')} span={2}>
            {withTag('conditions', p.conditions || t('none'))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={<h2 className="cqdt-card-title">{t('channelsTitle')}</h2>}>
        <Table
          aria-label={t('channelsTitle')}
          rowKey="channel"
          size="small"
          pagination={false}
          columns={channelColumns}
          dataSource={p.channels.map((c, index) => ({ ...c, index }))}
          scroll={{ x: 800 }}
        />
      </Card>
      <Card title={<h2 className="cqdt-card-title">{t('documentsTitle')}</h2>}>
        <Table
          aria-label={t('documentsTitle')}
          rowKey="index"
          size="small"
          pagination={false}
          columns={documentColumns}
          dataSource={p.documents.map((d, index) => ({ ...d, index }))}
          scroll={{ x: 700 }}
        />
      </Card>
      <Card title={<h2 className="cqdt-card-title">{t('processTitle')}</h2>}>
        {p.process.length === 0 ? (
          <Typography.Paragraph>{t('processEmpty')}</Typography.Paragraph>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {tag('process')}
            <Table
              aria-label={t('processTitle')}
              rowKey="index"
              size="small"
              pagination={false}
              columns={stepColumns}
              dataSource={p.process.map((s, index) => ({ ...s, index }))}
              scroll={{ x: 600 }}
            />
            <ProcessFits p={p} />
          </Space>
        )}
      </Card>
      <Card title={<h2 className="cqdt-card-title">{t('legalTitle')}</h2>}>
        {tag('legalBasis')}
        <List
          size="small"
          dataSource={p.legalBasis}
          locale={{ emptyText: t('none') }}
          renderItem={(item) => <List.Item>{item}</List.Item>}
        />
      </Card>
      {p.interAgency.length > 0 ? (
        <Card title={<h2 className="cqdt-card-title">{t('chainTitle')}</h2>}>
          <List
            size="small"
            dataSource={p.interAgency}
            renderItem={(item) => (
              <List.Item>
                {item.name} — {item.agency}
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      <Card title={<h2 className="cqdt-card-title">{t('agenciesTitle')}</h2>}>
        <List
          size="small"
          dataSource={p.agencies ?? []}
          locale={{ emptyText: t('agenciesEmpty') }}
          renderItem={(a) => (
            <List.Item>
              {a.name} <Typography.Text type="secondary">({a.code})</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      <Card title={<h2 className="cqdt-card-title">{t('versionsTitle')}</h2>}>
        <List
          size="small"
          loading={versions.loading}
          dataSource={versions.data?.items ?? []}
          renderItem={(v) => (
            <List.Item>
              {v.effectiveTo
                ? t('versionUntil', {
                    version: v.version,
                    from: formatVnDate(v.effectiveFrom),
                    to: formatVnDate(v.effectiveTo),
                  })
                : t('versionLine', { version: v.version, from: formatVnDate(v.effectiveFrom) })}
              {' — '}
              {v.createdBy}
            </List.Item>
          )}
        />
      </Card>
      {p.sources.length > 0 ? (
        <Card title={<h2 className="cqdt-card-title">{t('sourcesTitle')}</h2>}>
          <List
            size="small"
            dataSource={p.sources}
            renderItem={(s) => (
              <List.Item>
                <span style={{ overflowWrap: 'anywhere' }}>{s}</span>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </Space>
  );
}

/** The process total against each deadline counted in working hours. */
export function ProcessFits({ p }: { p: Pick<Procedure, 'processHours' | 'processFits'> }) {
  const t = useTranslate(onestopMessages);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('processTotal', { hours: p.processHours })}</Typography.Text>
      {p.processFits.map((f) => (
        <Alert
          key={f.channel}
          type={f.fits ? 'success' : 'warning'}
          showIcon
          title={t(f.fits ? 'fitOk' : 'fitOver', {
            channel: f.channelLabel,
            deadline: f.deadlineHours,
          })}
        />
      ))}
    </Space>
  );
}
