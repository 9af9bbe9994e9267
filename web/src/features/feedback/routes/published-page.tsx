/**
 * "Trả lời phản ánh, kiến nghị" (/portal/phan-anh-kien-nghi/da-tra-loi, issue 13 item 7):
 * public. The answered PAKN their agencies chose to publish, each question as the agency
 * rewrote it without personal data, newest answer first.
 */
import { Card, Pagination, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnDate } from '../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { publishedPetitions } from '../api';
import '../feedback.css';
import { PETITION_PATH } from '../paths';
import { portalFeedbackMessages } from '../portal-i18n';

const PAGE = 10;

export default function PublishedPage() {
  const t = useTranslate(portalFeedbackMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  useDocumentTitle(t('publishedTitle'), tc('appName'));
  const [page, setPage] = useState(1);
  const list = useAsync(
    (signal) => publishedPetitions({ limit: PAGE, offset: (page - 1) * PAGE }, signal),
    [page, lang],
  );
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('publishedTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16, maxWidth: 760 }}>
        {t('publishedLead')}
      </Typography.Paragraph>
      <Typography.Paragraph>
        <Link to={PETITION_PATH}>{t('newPetition')}</Link>
      </Typography.Paragraph>
      <ErrorAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? (
        <Typography.Paragraph>{t('publishedEmpty')}</Typography.Paragraph>
      ) : null}
      <ul className="cqdt-feedback-list" aria-label={t('publishedTitle')}>
        {(list.data?.items ?? []).map((p) => (
          <li key={p.code}>
            <Card
              size="small"
              title={
                <h2 className="cqdt-card-title" style={{ whiteSpace: 'normal' }}>
                  {p.category.label} — {p.agencyName}
                </h2>
              }
            >
              <Typography.Paragraph>
                <strong>{t('question')}:</strong>{' '}
                <span className="cqdt-feedback-text">{p.publicQuestion}</span>
              </Typography.Paragraph>
              <Typography.Paragraph>
                <strong>{t('answer')}:</strong>{' '}
                <span className="cqdt-feedback-text">{p.answer}</span>
              </Typography.Paragraph>
              <Typography.Paragraph className="cqdt-muted" style={{ marginBottom: 0 }}>
                {p.code} · {t('answeredAt')}: {formatVnDate(p.answeredAt)}
              </Typography.Paragraph>
            </Card>
          </li>
        ))}
      </ul>
      {list.data && list.data.total > PAGE ? (
        <Pagination
          current={page}
          pageSize={PAGE}
          total={list.data.total}
          onChange={setPage}
          showSizeChanger={false}
        />
      ) : null}
    </>
  );
}
