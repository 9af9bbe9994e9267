import { Form, Input } from 'antd';

import type { FieldError } from '../../../shared/api/client';
import type { Realm } from '../../../shared/auth/types';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { checkPassword, type PasswordCheck } from '../api/passwords';
import { identityMessages } from '../i18n';

type IdentityKey = keyof (typeof identityMessages)['vi'] & string;

/** The message key of each code of the server's password policy (docs/api.md). */
const POLICY_MESSAGES: Record<string, IdentityKey> = {
  format: 'passwordFormat',
  too_short: 'passwordTooShort',
  too_long: 'passwordTooLong',
  common: 'passwordCommon',
};

/**
 * The `password` field (or `name`) checked against the server's own policy while it is typed
 * (POST /password-checks: the same rules and verdicts as sign-up, account creation, reset and
 * change of password, zxcvbn included), and, unless `confirm` is false, a `passwordConfirm`
 * field that must match it. `username` (or the form field `usernameField`) is the account's
 * name, which the password may not contain; `realm` citizen names it "số định danh".
 */
export function NewPasswordFields({
  label,
  name = 'password',
  confirm = true,
  username,
  usernameField,
  realm = 'staff',
}: {
  label: string;
  name?: string;
  confirm?: boolean;
  username?: string;
  usernameField?: string;
  realm?: Realm;
}) {
  const t = useTranslate(identityMessages);

  const describe = (check: PasswordCheck, error: FieldError): string => {
    if (error.code === 'contains_username') {
      return t(realm === 'citizen' ? 'passwordContainsCitizenId' : 'passwordContainsUsername');
    }
    const key = POLICY_MESSAGES[error.code];
    return key ? t(key, { min: check.minLength, max: check.maxLength }) : error.message;
  };

  return (
    <>
      <Form.Item
        name={name}
        label={label}
        extra={t(realm === 'citizen' ? 'passwordHintCitizen' : 'passwordHint')}
        validateDebounce={400}
        rules={[
          { required: true, message: t('passwordRequired') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (!value) {
                return;
              }
              const owner = username ?? (usernameField ? getFieldValue(usernameField) : undefined);
              let check: PasswordCheck;
              try {
                check = await checkPassword({
                  password: value,
                  ...(typeof owner === 'string' && owner.trim() ? { username: owner.trim() } : {}),
                  realm,
                });
              } catch {
                // Offline or rate-limited: the server checks again when the form is submitted.
                return;
              }
              const first = check.errors[0];
              if (!check.acceptable && first) {
                throw new Error(describe(check, first));
              }
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {confirm ? (
        <Form.Item
          name={`${name}Confirm`}
          label={t('passwordConfirm')}
          dependencies={[name]}
          rules={[
            { required: true, message: t('passwordRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value: string | undefined) =>
                !value || getFieldValue(name) === value
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
