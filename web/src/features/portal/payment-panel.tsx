// The fee a dossier still owes, on the tracking page and the citizen's own dossier page (issue 13,
// item 4): the amount in figures and in words, and, when the receiving agency takes transfers,
// its VietQR code with the bank, account and the dossier code as the transfer's purpose.
import { Card, Descriptions, Typography } from 'antd';

import { useTranslate } from '../../shared/i18n/use-translate';
import { paymentMessages } from './payment-i18n';

/** The `payment` of GET /api/v1/portal/tracking and /portal/dossiers/{code} (docs/api.md). */
export interface DossierPayment {
  amount: number;
  amountInWords?: string;
  transfer: {
    bin: string;
    bankName: string;
    account: string;
    accountName: string;
    purpose: string;
    payload: string;
    qrPng: string;
  } | null;
}

const number = new Intl.NumberFormat('vi-VN');

export function PaymentPanel({
  payment,
  level = 3,
}: {
  payment: DossierPayment;
  /** The level of the panel's heading in the page's outline. */
  level?: 2 | 3;
}) {
  const t = useTranslate(paymentMessages);
  const Heading = level === 2 ? 'h2' : 'h3';
  const amount = number.format(payment.amount);
  const transfer = payment.transfer;
  return (
    <Card
      style={{ marginTop: 16 }}
      title={
        <Heading id="tracking-payment" className="cqdt-card-title">
          {t('title')}
        </Heading>
      }
    >
      <section aria-labelledby="tracking-payment" className="cqdt-payment">
        {transfer?.qrPng ? (
          <img
            className="cqdt-payment__qr"
            src={transfer.qrPng}
            width={240}
            height={240}
            alt={t('qrAlt', { amount, account: transfer.account, purpose: transfer.purpose })}
          />
        ) : null}
        <div className="cqdt-payment__details">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('amount')}>
              <strong>{t('amountValue', { amount })}</strong>
            </Descriptions.Item>
            {payment.amountInWords ? (
              <Descriptions.Item label={t('inWords')}>{payment.amountInWords}</Descriptions.Item>
            ) : null}
            {transfer ? (
              <>
                <Descriptions.Item label={t('bank')}>{transfer.bankName}</Descriptions.Item>
                <Descriptions.Item label={t('account')}>{transfer.account}</Descriptions.Item>
                <Descriptions.Item label={t('accountName')}>
                  {transfer.accountName}
                </Descriptions.Item>
                <Descriptions.Item label={t('purpose')}>
                  <strong>{transfer.purpose}</strong>
                  <div className="cqdt-muted">{t('purposeHint')}</div>
                </Descriptions.Item>
              </>
            ) : null}
          </Descriptions>
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            {transfer ? `${t('scan')} ${t('after')}` : t('atDesk')}
          </Typography.Paragraph>
        </div>
      </section>
    </Card>
  );
}
