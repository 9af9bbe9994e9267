// "Gửi thư thử": the server sends a test message through the chosen account at once and says how
// the mail server answered (accepted, refused for now, refused), with its reply line. A problem
// before anything was sent (no account, an address refused) shows as an error.
import { Alert, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';

import { ApiError, type FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { type MailTestResult, sendTest } from '../api';
import { mailAdminMessages } from '../i18n';

interface Values {
  agencyId: number;
  address?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FIELDS = ['agencyId', 'address'] as const;
const ALERT_TYPE = { sent: 'success', temporary: 'warning', permanent: 'error' } as const;

export function TestMailModal({
  accounts,
  agencyId,
  onClose,
}: {
  /** The accounts to choose from: agency id and name (0 = the default account). */
  accounts: { agencyId: number; name: string }[];
  /** The account chosen first. */
  agencyId: number;
  onClose: () => void;
}) {
  const t = useTranslate(mailAdminMessages);
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<MailTestResult | null>(null);
  const [error, setError] = useState<unknown>();
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  // The default account is always offered: without a stored one, the configuration file's.
  const options = [
    { value: 0, label: t('defaultAgency') },
    ...accounts.filter((a) => a.agencyId !== 0).map((a) => ({ value: a.agencyId, label: a.name })),
  ];

  const submit = async (values: Values) => {
    setSending(true);
    setResult(null);
    setError(undefined);
    setExtraErrors([]);
    try {
      setResult(await sendTest(values.agencyId, (values.address ?? '').trim()));
    } catch (reason) {
      const unmatched = applyFieldErrors(form, reason, FIELDS);
      const onFields = reason instanceof ApiError && reason.fieldErrors.length > unmatched.length;
      if (!onFields || unmatched.length > 0) {
        setError(reason);
        setExtraErrors(unmatched);
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal
      open
      title={t('testTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={onClose}>
          {t('close')}
        </Button>,
        <Button key="send" type="primary" loading={sending} onClick={() => form.submit()}>
          {t('testSend')}
        </Button>,
      ]}
    >
      <p>{t('testIntro')}</p>
      <Form<Values>
        form={form}
        name="mail-test"
        layout="vertical"
        noValidate
        initialValues={{ agencyId }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="agencyId" label={t('fieldTestAccount')}>
          <Select options={options} />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('fieldTestAddress')}
          rules={[
            { required: true, whitespace: true, message: t('testAddressRequired') },
            { pattern: EMAIL, message: t('testAddressRequired') },
          ]}
        >
          <Input type="email" maxLength={254} autoComplete="email" />
        </Form.Item>
      </Form>
      {/* The outcome is announced when it arrives (role status/alert). */}
      <div aria-live="polite">
        {result ? (
          <Alert
            type={ALERT_TYPE[result.outcome]}
            showIcon
            data-testid="mail-test-outcome"
            title={t(`outcome_${result.outcome}`)}
            description={
              <>
                {result.replyCode ? <div>{t('replyCode', { code: result.replyCode })}</div> : null}
                {result.detail ? <div className="cqdt-mail-break">{result.detail}</div> : null}
              </>
            }
          />
        ) : null}
      </div>
      {error ? <ErrorAlert error={error} extraErrors={extraErrors} /> : null}
    </Modal>
  );
}
