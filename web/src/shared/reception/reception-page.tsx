// The page of one received item, the same frame for the three receptions: what it shows until
// the item is there (loading, not found, failed), the column of the clerk's actions (with the
// "someone else acted first" notice and the read-only notice for leaders), and the layout that
// puts that column first on a phone and beside the details on a wide screen.
import { Alert, Button, Col, Result, Row, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../api/client';
import { commonMessages } from '../i18n/common-messages';
import { useTranslate } from '../i18n/use-translate';
import { ErrorAlert } from '../ui/error-alert';
import { PageLoader } from '../ui/page-loader';
import type { Words } from './types';
import type { ReceptionCopy } from './use-reception-copy';

/** What these pieces read of the page's copy (whatever the item's type). */
type CopyState = Pick<ReceptionCopy<unknown>, 'loaded' | 'stale'>;

/**
 * While the item is not there: loading, not found (with the way back to the list), or failed
 * to load (with a reload button).
 */
export function ReceptionPending({
  copy,
  listPath,
  t,
}: {
  copy: CopyState;
  listPath: string;
  t: Words<'notFoundTitle' | 'notFoundText' | 'backToList' | 'loadFailed' | 'reload'>;
}) {
  const tc = useTranslate(commonMessages);
  const { error, loading, reload } = copy.loaded;
  if (loading) {
    return <PageLoader label={tc('loading')} />;
  }
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Result
        status="404"
        title={<h1 style={{ fontSize: 24 }}>{t('notFoundTitle')}</h1>}
        subTitle={t('notFoundText')}
        extra={<Link to={listPath}>{t('backToList')}</Link>}
      />
    );
  }
  return (
    <>
      <h1 style={{ fontSize: 24 }}>{t('loadFailed')}</h1>
      <ErrorAlert error={error} />
      <Button style={{ marginTop: 16 }} onClick={reload}>
        {t('reload')}
      </Button>
    </>
  );
}

/**
 * The column of the clerk's actions: the stale notice (an action found that another clerk acted
 * first) with its reload button, the feature's blocks, and `readOnly` (for those who may only
 * read, while the item waits) last.
 */
export function ReceptionActions({
  copy,
  readOnly,
  t,
  children,
}: {
  copy: CopyState;
  readOnly?: string;
  t: Words<'staleTitle' | 'staleText' | 'reload'>;
  children: ReactNode;
}) {
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {copy.stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('staleTitle')}
          description={t('staleText')}
          action={
            <Button size="small" onClick={copy.loaded.reload}>
              {t('reload')}
            </Button>
          }
        />
      ) : null}
      {children}
      {readOnly ? <Alert type="info" showIcon title={readOnly} /> : null}
    </Space>
  );
}

/**
 * The page: the link back to the list, the title (h1), the tags, then `aside` (the actions: first
 * on a phone, on the right on a wide screen) and `children` (the details, the files).
 */
export function ReceptionPageLayout({
  back,
  title,
  titleClassName,
  tags,
  tagsClassName,
  aside,
  children,
}: {
  back: { to: string; label: string };
  title: ReactNode;
  titleClassName?: string;
  tags: ReactNode;
  tagsClassName?: string;
  aside: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <Space wrap size="small" style={{ marginBottom: 8 }}>
        <Link to={back.to}>{back.label}</Link>
      </Space>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }} className={titleClassName}>
        {title}
      </Typography.Title>
      <Space wrap size="small" style={{ marginBottom: 16 }} className={tagsClassName}>
        {tags}
      </Space>
      <Row gutter={[24, 24]}>
        <Col xs={{ span: 24, order: 1 }} xl={{ span: 10, order: 2 }}>
          {aside}
        </Col>
        <Col xs={{ span: 24, order: 2 }} xl={{ span: 14, order: 1 }}>
          {children}
        </Col>
      </Row>
    </>
  );
}

/** The remarks the item was accepted with (a package's, a message's), as a warning. */
export function ReceivedWarnings({
  warnings,
  t,
}: {
  warnings: readonly { code: string; message: string }[];
  t: Words<'warningsTitle' | 'warningsIntro'>;
}) {
  if (warnings.length === 0) {
    return null;
  }
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('warningsTitle')}
      description={
        <>
          <p style={{ margin: '0 0 8px' }}>{t('warningsIntro')}</p>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {warnings.map((w, index) => (
              <li key={`${w.code}-${index}`}>{w.message}</li>
            ))}
          </ul>
        </>
      }
    />
  );
}
