import { Button, Card, Result, Space } from 'antd';

import type { IncomingDocument } from '../api/types';
import type { IncomingTranslate } from '../i18n';
import { formatDay } from '../lib/dates';

/** The end of a registration: the arrival number, big, and what to do next. */
export function RegisteredResult({
  doc,
  onOpen,
  onAnother,
  t,
}: {
  doc: IncomingDocument;
  onOpen: () => void;
  onAnother: () => void;
  t: IncomingTranslate;
}) {
  return (
    <Card>
      <Result
        status="success"
        title={<h2 className="cqdt-card-title">{t('registeredTitle')}</h2>}
        subTitle={
          <div>
            <div>{t('registeredNumber')}</div>
            <div className="cqdt-arrival-number" data-testid="arrival-number">
              {doc.arrivalNumber}
            </div>
            <div>
              {t('arrivalDate')}: {formatDay(doc.arrivalDate)}
            </div>
            <p className="cqdt-wrap-anywhere" style={{ marginTop: 8 }}>
              {t('registeredText', { subject: doc.subject })}
            </p>
          </div>
        }
        extra={
          <Space wrap>
            <Button type="primary" onClick={onOpen}>
              {t('registeredOpen')}
            </Button>
            <Button onClick={onAnother}>{t('registeredAnother')}</Button>
          </Space>
        }
      />
    </Card>
  );
}
