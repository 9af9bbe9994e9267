import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

import type { FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { safeRedirectPath } from '../../../shared/lib/safe-redirect';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { changePassword } from '../api/passwords';
import { NewPasswordFields } from '../components/new-password-fields';
import { identityMessages } from '../i18n';

interface ChangeValues {
  currentPassword: string;
  newPassword: string;
  newPasswordConfirm: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;

/**
 * "Đổi mật khẩu" for staff (/doi-mat-khau) and citizens (/portal/doi-mat-khau). It is also where
 * staff land after signing in with a password an administrator chose: the server refuses them
 * everything else until they have chosen their own (403 password-change-required).
 */
export default function ChangePasswordPage() {
  const t = useTranslate(identityMessages);
  const tc = useTranslate(commonMessages);
  const { user, refreshSession } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<ChangeValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  useDocumentTitle(t('changePasswordTitle'), tc('appName'));

  const citizen = user?.realm === 'citizen';
  const forced = user?.passwordChangeRequired === true;
  const home = citizen ? '/portal' : '/';

  const onFinish = async (values: ChangeValues) => {
    setSubmitting(true);
    setError(null);
    setExtraErrors([]);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      await refreshSession();
      void message.success(t('changePasswordDone'));
      navigate(safeRedirectPath(searchParams.get('next'), home), { replace: true });
    } catch (reason) {
      setError(reason);
      setExtraErrors(applyFieldErrors(form, reason, FIELDS));
      setSubmitting(false);
    }
  };

  return (
    <Card className="cqdt-auth-card" style={{ maxWidth: 560 }}>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('changePasswordTitle')}
      </Typography.Title>
      {forced ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('changePasswordForcedTitle')}
          description={t('changePasswordForced')}
          data-testid="password-change-required"
        />
      ) : null}
      <Typography.Paragraph className="cqdt-muted">{t('changePasswordIntro')}</Typography.Paragraph>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} />
        </div>
      ) : null}
      <Form<ChangeValues>
        form={form}
        layout="vertical"
        noValidate
        onFinish={(values) => void onFinish(values)}
        aria-label={t('changePasswordTitle')}
      >
        <Form.Item
          name="currentPassword"
          label={t('currentPassword')}
          rules={[{ required: true, message: t('currentPasswordRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields
          label={t('newPassword')}
          name="newPassword"
          username={user?.username}
          realm={citizen ? 'citizen' : 'staff'}
        />
        <Form.Item style={{ marginBottom: 0 }}>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t('changePasswordSubmit')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
