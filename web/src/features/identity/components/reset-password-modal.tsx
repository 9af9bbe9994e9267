import { App, Form, Modal, Typography } from 'antd';
import { useState } from 'react';

import type { FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import type { User } from '../api/types';
import { resetUserPassword } from '../api/users';
import { identityMessages } from '../i18n';

import { NewPasswordFields } from './new-password-fields';

interface ResetValues {
  password: string;
  passwordConfirm: string;
}

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const t = useTranslate(identityMessages);
  const tc = useTranslate(commonMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);

  const onFinish = async (values: ResetValues) => {
    if (!user) {
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await resetUserPassword(user.id, values.password);
      void message.success(t('resetDone'));
      onClose();
    } catch (reason) {
      setError(reason);
      setExtraErrors(applyFieldErrors(form, reason, ['password']));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('resetPasswordTitle', { username: user.username }) : ''}
      okText={t('resetPassword')}
      cancelText={tc('cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        setError(null);
        setExtraErrors([]);
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('resetPasswordNote')}</Typography.Paragraph>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} />
        </div>
      ) : null}
      <Form<ResetValues>
        noValidate
        form={form}
        layout="vertical"
        onFinish={(values) => void onFinish(values)}
      >
        <NewPasswordFields label={t('newPassword')} />
      </Form>
    </Modal>
  );
}
