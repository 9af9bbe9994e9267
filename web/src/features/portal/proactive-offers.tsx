// The citizen's proactive-service offers (issue 13 item 8), a section of "Hồ sơ của tôi": each
// reminder with its due date (a Vietnam calendar day); a level-2 offer opens its prepared draft
// in the submission page, a level-1 one leads to the procedure's page. One column: 360 px.
import { Alert, App, Button, Card, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { errorMessage } from '../../shared/api/error-message';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { Flag } from '../../shared/ui/flag';
import { portalProcedurePath, submitPath } from './paths';
import { dismissOffer, listOffers, openOfferDraft, type ProactiveOffer } from './proactive-api';
import { proactiveMessages } from './proactive-i18n';

function day(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function ProactiveOffers() {
  const t = useTranslate(proactiveMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [version, setVersion] = useState(0);
  const offers = useAsync((signal) => listOffers(signal), [version]);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState<number | null>(null);

  const open = async (offer: ProactiveOffer) => {
    setFailure('');
    setBusy(offer.id);
    try {
      const opened = await openOfferDraft(offer.id);
      void navigate(submitPath(opened.procedureCode, opened.draftId ?? undefined));
    } catch (caught) {
      setFailure(errorMessage(caught, tc));
    } finally {
      setBusy(null);
    }
  };

  const dismiss = async (offer: ProactiveOffer) => {
    setFailure('');
    try {
      await dismissOffer(offer.id);
      void message.success(t('dismissDone'));
      setVersion((v) => v + 1);
    } catch (caught) {
      setFailure(errorMessage(caught, tc));
    }
  };

  const items = (offers.data?.items ?? []).filter((o) => o.state !== 'dismissed');
  return (
    <section aria-labelledby="mine-offers" style={{ marginTop: 24 }}>
      <Typography.Title level={2} style={{ fontSize: 20 }} id="mine-offers">
        {t('offersTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 760 }}>
        {t('offersLead')}
      </Typography.Paragraph>
      {offers.error ? <ErrorAlert error={offers.error} title={t('loadFailed')} /> : null}
      {failure ? <Alert type="error" showIcon role="alert" title={failure} /> : null}
      <List
        loading={offers.loading}
        dataSource={items}
        locale={{ emptyText: <EmptyState text={t('offersEmpty')} /> }}
        renderItem={(o) => (
          <List.Item key={o.id}>
            <Card size="small" style={{ width: '100%' }} data-offer={o.id}>
              <Typography.Text strong>{lang === 'en' ? o.titleEn : o.title}</Typography.Text>
              <Typography.Paragraph style={{ margin: '4px 0' }}>
                {lang === 'en' ? o.noticeEn : o.notice}
              </Typography.Paragraph>
              <Space wrap>
                <Flag kind={o.level === 2 ? 'info' : 'neutral'}>
                  {o.level === 2 ? t('levelTwo') : t('levelOne')}
                </Flag>
                <Typography.Text type="secondary">
                  {t('dueOn', { date: day(o.dueDate) })}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('fromDossier', { code: o.sourceDossierCode })}
                </Typography.Text>
              </Space>
              <Space wrap style={{ marginTop: 8 }}>
                {o.state === 'submitted' ? (
                  <Flag kind="ok">
                    {o.submittedCode
                      ? t('submitted', { code: o.submittedCode })
                      : t('submittedNoCode')}
                  </Flag>
                ) : o.level === 2 ? (
                  <Button type="primary" loading={busy === o.id} onClick={() => void open(o)}>
                    {t('openDraft')}
                  </Button>
                ) : (
                  <Link to={portalProcedurePath(o.procedureCode)}>{t('openProcedure')}</Link>
                )}
                {o.state === 'open' ? (
                  <Button size="small" onClick={() => void dismiss(o)}>
                    {t('dismiss')}
                  </Button>
                ) : null}
              </Space>
            </Card>
          </List.Item>
        )}
      />
    </section>
  );
}
