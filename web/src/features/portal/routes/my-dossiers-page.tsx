// "Hồ sơ của tôi" (/portal/ho-so-cua-toi, issue 13 item 3): the citizen's proactive-service offers
// (item 8, proactive-offers.tsx), their drafts, to resume or delete, and the dossiers they
// submitted online with where each stands. One column of cards: it
// reads at 360 px.
import { Alert, App, Button, Card, List, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { errorMessage } from '../../../shared/api/error-message';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { Flag, type FlagKind } from '../../../shared/ui/flag';
import { deleteDraft, listDrafts, listMyDossiers } from '../online-api';
import { minutes } from '../online-format';
import { onlineMessages } from '../online-i18n';
import { myDossierPath, PORTAL_PROCEDURES_PATH, submitPath } from '../paths';
import { ProactiveOffers } from '../proactive-offers';
import '../portal.css';

// antd's preset tag colours fall short of 4.5:1 (axe); the flags are dark text on a pale ground.
const STATE_FLAGS: Record<string, FlagKind> = {
  new: 'info',
  done: 'ok',
  returned: 'ok',
  rejected: 'late',
  stopped: 'late',
  wait_supplement: 'unconfirmed',
  wait_payment: 'unconfirmed',
};

export default function MyDossiersPage() {
  const t = useTranslate(onlineMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { message } = App.useApp();
  useDocumentTitle(t('mineTitle'), tc('appName'));
  const [version, setVersion] = useState(0);
  const drafts = useAsync((signal) => listDrafts(signal), [version]);
  const dossiers = useAsync((signal) => listMyDossiers(signal), [lang]);
  const [failure, setFailure] = useState('');

  const remove = async (id: number) => {
    setFailure('');
    try {
      await deleteDraft(id);
      void message.success(t('draftDeleted'));
      setVersion((v) => v + 1);
    } catch (caught) {
      setFailure(errorMessage(caught, tc));
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('mineTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 760 }}>{t('mineLead')}</Typography.Paragraph>
      <Link to={PORTAL_PROCEDURES_PATH}>{t('findProcedure')}</Link>
      {failure ? <Alert type="error" showIcon role="alert" title={failure} /> : null}

      <ProactiveOffers />

      <section aria-labelledby="mine-drafts" style={{ marginTop: 24 }}>
        <Typography.Title level={2} style={{ fontSize: 20 }} id="mine-drafts">
          {t('draftsTitle')}
        </Typography.Title>
        {drafts.error ? <ErrorAlert error={drafts.error} title={t('loadFailed')} /> : null}
        <List
          loading={drafts.loading}
          dataSource={drafts.data?.items ?? []}
          locale={{ emptyText: <EmptyState text={t('draftsEmpty')} /> }}
          renderItem={(d) => (
            <List.Item key={d.id}>
              <Card size="small" style={{ width: '100%' }} data-draft={d.id}>
                <Typography.Text strong>{d.procedureName || d.procedureCode}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('draftSavedAt', { time: minutes(d.updatedAt) })}
                </Typography.Paragraph>
                <Space wrap style={{ marginTop: 8 }}>
                  <Link to={submitPath(d.procedureCode, d.id)}>{t('resume')}</Link>
                  <Popconfirm
                    title={t('deleteDraftConfirm', { name: d.procedureName || d.procedureCode })}
                    okText={t('yes')}
                    cancelText={t('cancel')}
                    onConfirm={() => void remove(d.id)}
                  >
                    <Button size="small" danger>
                      {t('deleteDraft')}
                    </Button>
                  </Popconfirm>
                </Space>
              </Card>
            </List.Item>
          )}
        />
      </section>

      <section aria-labelledby="mine-dossiers" style={{ marginTop: 24 }}>
        <Typography.Title level={2} style={{ fontSize: 20 }} id="mine-dossiers">
          {t('dossiersTitle')}
        </Typography.Title>
        {dossiers.error ? <ErrorAlert error={dossiers.error} title={t('loadFailed')} /> : null}
        <List
          loading={dossiers.loading}
          dataSource={dossiers.data?.items ?? []}
          locale={{ emptyText: <EmptyState text={t('dossiersEmpty')} /> }}
          renderItem={(d) => (
            <List.Item key={d.code}>
              <Card size="small" style={{ width: '100%' }} data-dossier={d.code}>
                <Link to={myDossierPath(d.code)} className="cqdt-dossier-link">
                  {d.provisional ? t('provisionalCode', { code: d.code }) : d.code}
                </Link>
                <Typography.Paragraph style={{ margin: '4px 0' }}>
                  {d.procedureName}
                </Typography.Paragraph>
                <Space wrap>
                  <Flag kind={STATE_FLAGS[d.state.name] ?? 'neutral'}>{d.state.label}</Flag>
                  {d.receivedAt ? (
                    <Typography.Text type="secondary">
                      {t('receivedOn', { time: minutes(d.receivedAt) })}
                    </Typography.Text>
                  ) : null}
                  {d.dueAt ? (
                    <Typography.Text type="secondary">
                      {t('dueOn', { time: minutes(d.newAppointmentAt || d.dueAt) })}
                    </Typography.Text>
                  ) : null}
                </Space>
              </Card>
            </List.Item>
          )}
        />
        <Typography.Paragraph type="secondary">{t('timeNote')}</Typography.Paragraph>
      </section>
    </>
  );
}
