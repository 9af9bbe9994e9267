import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { useState } from 'react';

import type { FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import type { Me, Realm } from '../../../shared/auth/types';
import { useAuth } from '../../../shared/auth/use-auth';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { identityMessages } from '../i18n';

interface LoginValues {
  username: string;
  password: string;
}

/** Username + password form for staff and (realm citizen) for citizens, who use their ID number. */
export function LoginForm({ realm, onSuccess }: { realm: Realm; onSuccess: (user: Me) => void }) {
  const t = useTranslate(identityMessages);
  const { login } = useAuth();
  const [form] = Form.useForm<LoginValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  const citizen = realm === 'citizen';

  const onFinish = async (values: LoginValues) => {
    setSubmitting(true);
    setError(null);
    setExtraErrors([]);
    try {
      const user = await login(values.username.trim(), values.password, realm);
      onSuccess(user);
    } catch (reason) {
      setError(reason);
      setExtraErrors(applyFieldErrors(form, reason, ['username', 'password']));
      setSubmitting(false);
    }
  };

  return (
    <Form<LoginValues>
      noValidate
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => void onFinish(values)}
      aria-label={citizen ? t('citizenSignInTitle') : t('loginTitle')}
    >
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} title={t('loginFailed')} />
        </div>
      ) : null}
      <Form.Item
        name="username"
        label={citizen ? t('citizenIdNumber') : t('username')}
        rules={
          citizen
            ? [
                { required: true, message: t('citizenIdRequired') },
                { pattern: /^\d{12}$/, message: t('citizenIdFormat') },
              ]
            : [{ required: true, whitespace: true, message: t('usernameRequired') }]
        }
      >
        <Input
          prefix={<UserOutlined aria-hidden />}
          autoComplete="username"
          inputMode={citizen ? 'numeric' : 'text'}
          maxLength={citizen ? 12 : 64}
          size="large"
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('password')}
        rules={[{ required: true, message: t('passwordRequired') }]}
      >
        <Input.Password
          prefix={<LockOutlined aria-hidden />}
          autoComplete="current-password"
          size="large"
        />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          {t('loginSubmit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
