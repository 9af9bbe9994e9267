import { Form, Input } from 'antd';

import { useTranslate } from '../../../shared/i18n/use-translate';
import { identityMessages } from '../i18n';
import { PASSWORD_LETTER_AND_DIGIT, PASSWORD_MIN_LENGTH } from '../validation';

/**
 * The `password` field with the server's policy mirrored (docs/api.md) and, unless
 * `confirm` is false, a `passwordConfirm` field that must match it. Used by sign-up, account
 * creation and password reset so the three forms cannot drift apart.
 */
export function NewPasswordFields({ label, confirm = true }: { label: string; confirm?: boolean }) {
  const t = useTranslate(identityMessages);
  return (
    <>
      <Form.Item
        name="password"
        label={label}
        extra={t('passwordHint')}
        rules={[
          { required: true, message: t('passwordRequired') },
          { min: PASSWORD_MIN_LENGTH, message: t('passwordTooShort') },
          { pattern: PASSWORD_LETTER_AND_DIGIT, message: t('passwordWeak') },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {confirm ? (
        <Form.Item
          name="passwordConfirm"
          label={t('passwordConfirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('passwordRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value: string | undefined) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      ) : null}
    </>
  );
}
