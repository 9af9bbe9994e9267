import { Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import type { FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { signUpCitizen } from '../api/users';
import { identityMessages } from '../i18n';
import { PHONE_PATTERN } from '../validation';
import { NewPasswordFields } from '../components/new-password-fields';

interface SignUpValues {
  fullName: string;
  citizenIdNumber: string;
  phone: string;
  email?: string;
  password: string;
  passwordConfirm: string;
}

const FIELDS = ['fullName', 'citizenIdNumber', 'phone', 'email', 'password'] as const;

export default function CitizenSignUpPage() {
  const t = useTranslate(identityMessages);
  const tc = useTranslate(commonMessages);
  const navigate = useNavigate();
  const [form] = Form.useForm<SignUpValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  // The number of an accepted sign-up: the server answers alike whether or not it had an account.
  const [acceptedNumber, setAcceptedNumber] = useState<string | null>(null);
  useDocumentTitle(t('signUpTitle'), tc('appName'));

  const onFinish = async (values: SignUpValues) => {
    setSubmitting(true);
    setError(null);
    setExtraErrors([]);
    try {
      const email = values.email?.trim();
      const citizenIdNumber = values.citizenIdNumber.trim();
      await signUpCitizen({
        fullName: values.fullName.trim(),
        citizenIdNumber,
        phone: values.phone.trim(),
        ...(email ? { email } : {}),
        password: values.password,
      });
      setAcceptedNumber(citizenIdNumber);
    } catch (reason) {
      setError(reason);
      setExtraErrors(applyFieldErrors(form, reason, FIELDS));
    } finally {
      setSubmitting(false);
    }
  };

  if (acceptedNumber) {
    return (
      <Card className="cqdt-auth-card">
        <Result
          status="info"
          title={<h1 className="cqdt-result-title">{t('signUpDone')}</h1>}
          subTitle={t('signUpDoneText', { number: acceptedNumber })}
          extra={
            <Button type="primary" onClick={() => navigate('/portal/sign-in')}>
              {t('goToSignIn')}
            </Button>
          }
        />
      </Card>
    );
  }

  return (
    <Card className="cqdt-auth-card" style={{ maxWidth: 560 }}>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('signUpTitle')}
      </Typography.Title>
      <Typography.Paragraph className="cqdt-muted">{t('signUpIntro')}</Typography.Paragraph>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} />
        </div>
      ) : null}
      <Form<SignUpValues>
        noValidate
        form={form}
        layout="vertical"
        onFinish={(values) => void onFinish(values)}
        aria-label={t('signUpTitle')}
      >
        <Form.Item
          name="fullName"
          label={t('fullName')}
          rules={[{ required: true, whitespace: true, message: t('fullNameRequired') }]}
        >
          <Input autoComplete="name" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="citizenIdNumber"
          label={t('citizenIdNumber')}
          rules={[
            { required: true, message: t('citizenIdRequired') },
            { pattern: /^\d{12}$/, message: t('citizenIdFormat') },
          ]}
        >
          <Input inputMode="numeric" autoComplete="off" maxLength={12} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('phone')}
          rules={[
            { required: true, message: t('phoneRequired') },
            { pattern: PHONE_PATTERN, message: t('phoneFormat') },
          ]}
        >
          <Input type="tel" inputMode="tel" autoComplete="tel" maxLength={15} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('emailOptional')}
          rules={[{ type: 'email', message: t('emailFormat') }]}
        >
          <Input type="email" autoComplete="email" maxLength={254} />
        </Form.Item>
        <NewPasswordFields label={t('password')} usernameField="citizenIdNumber" realm="citizen" />
        <Form.Item style={{ marginBottom: 8 }}>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t('signUpSubmit')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        {t('haveAccount')} <Link to="/portal/sign-in">{t('goToSignIn')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
