// Add or edit an e-mail account: the agency it belongs to (the default account, or one agency;
// fixed once added), the SMTP server it sends through, and optionally the official mailbox it
// reads over IMAP. Passwords are write-only: a stored one shows as "Đã lưu mật khẩu" with a way to
// type a replacement, and nothing typed is kept once the drawer closes. The server's field
// problems land under the field they name.
import { CheckCircleFilled } from '@ant-design/icons';
import {
  App as AntdApp,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
} from 'antd';
import { useState } from 'react';

import { ApiError, type FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  type AgencyOption,
  type MailAccount,
  type MailAccountInput,
  saveAccount,
  type TlsMode,
} from '../api';
import { mailAdminMessages } from '../i18n';

const DEFAULT = 'default';
const TLS_MODES: readonly TlsMode[] = ['starttls', 'tls', 'none'];

interface Values {
  agency?: string;
  fromAddress?: string;
  fromName?: string;
  smtpHost?: string;
  smtpPort?: number;
  smtpTls: TlsMode;
  smtpUsername?: string;
  smtpPassword?: string;
  imapOn: boolean;
  imapHost?: string;
  imapPort?: number;
  imapTls: TlsMode;
  imapUsername?: string;
  imapPassword?: string;
  imapFolder?: string;
  imapDoneFolder?: string;
  enabled: boolean;
}

const FIELDS = [
  'agency',
  'fromAddress',
  'fromName',
  'smtpHost',
  'smtpPort',
  'smtpTls',
  'smtpUsername',
  'smtpPassword',
  'imapHost',
  'imapPort',
  'imapTls',
  'imapUsername',
  'imapPassword',
  'imapFolder',
  'imapDoneFolder',
  'enabled',
] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The write-only password of one server: stored (with a way to replace it) or a new one. */
function PasswordField({
  name,
  label,
  newLabel,
  stored,
}: {
  name: 'smtpPassword' | 'imapPassword';
  label: string;
  newLabel: string;
  stored: boolean;
}) {
  const t = useTranslate(mailAdminMessages);
  const [replacing, setReplacing] = useState(false);
  if (stored && !replacing) {
    return (
      <Form.Item label={label} extra={t('passwordStoredHelp')}>
        <span className="cqdt-mail-password-stored" data-testid={`${name}-stored`}>
          <CheckCircleFilled aria-hidden />
          {t('passwordStored')}
        </span>
        <Button size="small" onClick={() => setReplacing(true)}>
          {t('replacePassword')}
        </Button>
      </Form.Item>
    );
  }
  return (
    <>
      <Form.Item
        name={name}
        label={stored ? newLabel : label}
        extra={stored ? t('passwordStoredHelp') : t('passwordNewHelp')}
        style={stored ? { marginBottom: 8 } : undefined}
      >
        <Input.Password autoComplete="new-password" maxLength={500} />
      </Form.Item>
      {stored ? <KeepPasswordButton name={name} onKeep={() => setReplacing(false)} /> : null}
    </>
  );
}

/** Back to the stored password: what was typed is dropped. */
function KeepPasswordButton({
  name,
  onKeep,
}: {
  name: 'smtpPassword' | 'imapPassword';
  onKeep: () => void;
}) {
  const t = useTranslate(mailAdminMessages);
  const form = Form.useFormInstance<Values>();
  return (
    <div style={{ marginBottom: 24 }}>
      <Button
        size="small"
        onClick={() => {
          form.setFieldValue(name, undefined);
          onKeep();
        }}
      >
        {t('keepPassword')}
      </Button>
    </div>
  );
}

export function AccountFormDrawer({
  account,
  agencies,
  taken,
  onClose,
  onSaved,
}: {
  /** The account to edit; null to add one. */
  account: MailAccount | null;
  /** Every agency, for the choice of a new account's agency. */
  agencies: AgencyOption[];
  /** The agencies that have an account already (0 = the default one). */
  taken: ReadonlySet<number>;
  onClose: () => void;
  onSaved: (saved: MailAccount) => void;
}) {
  const t = useTranslate(mailAdminMessages);
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<Values>();
  const imapOn = Form.useWatch('imapOn', form) ?? Boolean(account?.imapHost);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  const editing = account !== null;
  const name = account ? account.agencyName || t('defaultAgency') : '';

  const initialValues: Values = account
    ? {
        agency: account.agencyId === 0 ? DEFAULT : String(account.agencyId),
        fromAddress: account.fromAddress,
        fromName: account.fromName,
        smtpHost: account.smtpHost,
        smtpPort: account.smtpPort,
        smtpTls: account.smtpTls,
        smtpUsername: account.smtpUsername,
        imapOn: account.imapHost !== '',
        imapHost: account.imapHost,
        imapPort: account.imapHost ? account.imapPort : 993,
        imapTls: account.imapHost ? account.imapTls : 'tls',
        imapUsername: account.imapUsername,
        imapFolder: account.imapFolder || 'INBOX',
        imapDoneFolder: account.imapDoneFolder || 'Da-xu-ly',
        enabled: account.enabled,
      }
    : {
        agency: taken.has(0) ? undefined : DEFAULT,
        smtpPort: 587,
        smtpTls: 'starttls',
        imapOn: false,
        imapPort: 993,
        imapTls: 'tls',
        imapFolder: 'INBOX',
        imapDoneFolder: 'Da-xu-ly',
        enabled: true,
      };

  // A new account's agency is one without an account yet (the one edited keeps its own).
  const hasOther = (id: number) => taken.has(id) && id !== account?.agencyId;
  const option = (value: string, label: string, id: number) => ({
    value,
    label: hasOther(id) ? `${label} (${t('agencyHasAccount')})` : label,
    disabled: hasOther(id),
  });
  const agencyOptions = [
    option(DEFAULT, t('defaultAgency'), 0),
    ...agencies
      .filter((a) => a.active || taken.has(a.id))
      .map((a) => option(String(a.id), a.name, a.id)),
  ];
  // The agency edited reads by its name even before (or without) the list of agencies.
  if (account && account.agencyId !== 0 && !agencies.some((a) => a.id === account.agencyId)) {
    agencyOptions.push(option(String(account.agencyId), account.agencyName, account.agencyId));
  }

  const submit = async (values: Values) => {
    setSaving(true);
    setError(undefined);
    setExtraErrors([]);
    const agencyId = values.agency === DEFAULT ? 0 : Number(values.agency);
    const input: MailAccountInput = {
      fromAddress: (values.fromAddress ?? '').trim(),
      fromName: (values.fromName ?? '').trim(),
      smtpHost: (values.smtpHost ?? '').trim(),
      smtpPort: values.smtpPort ?? 587,
      smtpTls: values.smtpTls,
      smtpUsername: (values.smtpUsername ?? '').trim(),
      enabled: values.enabled,
    };
    // Empty: the stored password stays.
    if (values.smtpPassword) {
      input.smtpPassword = values.smtpPassword;
    }
    if (values.imapOn) {
      input.imapHost = (values.imapHost ?? '').trim();
      input.imapPort = values.imapPort ?? 993;
      input.imapTls = values.imapTls;
      input.imapUsername = (values.imapUsername ?? '').trim();
      input.imapFolder = (values.imapFolder ?? '').trim();
      input.imapDoneFolder = (values.imapDoneFolder ?? '').trim();
      if (values.imapPassword) {
        input.imapPassword = values.imapPassword;
      }
    } else {
      input.imapHost = '';
    }
    try {
      const saved = await saveAccount(agencyId, input);
      // Nothing typed stays in the page once the server has it.
      form.setFieldsValue({ smtpPassword: undefined, imapPassword: undefined });
      void message.success(t('saved'));
      onSaved(saved);
    } catch (reason) {
      const unmatched = applyFieldErrors(form, reason, FIELDS);
      const onFields = reason instanceof ApiError && reason.fieldErrors.length > unmatched.length;
      if (!onFields || unmatched.length > 0) {
        setError(reason);
        setExtraErrors(unmatched);
      }
    } finally {
      setSaving(false);
    }
  };

  const tlsOptions = TLS_MODES.map((mode) => ({ value: mode, label: t(`tlsOption_${mode}`) }));
  const port = (message_: string) => [
    { required: true, message: message_ },
    { type: 'number' as const, min: 1, max: 65535, message: message_ },
  ];

  return (
    <Drawer
      open
      title={editing ? t('formTitleEdit', { name }) : t('formTitleNew')}
      onClose={onClose}
      size={600}
      destroyOnHidden
      footer={
        <Space>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('save')}
          </Button>
          <Button onClick={onClose}>{t('cancel')}</Button>
        </Space>
      }
    >
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} />
        </div>
      ) : null}
      <Form<Values>
        form={form}
        name="mail-account"
        layout="vertical"
        noValidate
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="agency"
          label={t('fieldAgency')}
          rules={[{ required: true, message: t('agencyRequired') }]}
        >
          <Select
            disabled={editing}
            options={agencyOptions}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <fieldset className="cqdt-mail-fieldset">
          <legend>{t('sectionSmtp')}</legend>
          <Form.Item
            name="fromAddress"
            label={t('fieldFromAddress')}
            extra={t('fieldFromAddressHelp')}
            rules={[
              { required: true, whitespace: true, message: t('fromAddressRequired') },
              { pattern: EMAIL, message: t('fromAddressRequired') },
            ]}
          >
            <Input type="email" maxLength={254} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="fromName"
            label={t('fieldFromName')}
            extra={t('fieldFromNameHelp')}
            rules={[{ required: true, whitespace: true, message: t('fromNameRequired') }]}
          >
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="smtpHost"
            label={t('fieldSmtpHost')}
            rules={[{ required: true, whitespace: true, message: t('hostRequired') }]}
          >
            <Input maxLength={253} autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item name="smtpPort" label={t('fieldSmtpPort')} rules={port(t('portRequired'))}>
            <InputNumber min={1} max={65535} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="smtpTls" label={t('fieldSmtpTls')} extra={t('tlsHelp')}>
            <Radio.Group options={tlsOptions} style={{ display: 'grid', gap: 4 }} />
          </Form.Item>
          <Form.Item name="smtpUsername" label={t('fieldSmtpUsername')}>
            <Input maxLength={200} autoComplete="off" spellCheck={false} />
          </Form.Item>
          <PasswordField
            name="smtpPassword"
            label={t('fieldSmtpPassword')}
            newLabel={t('fieldNewSmtpPassword')}
            stored={account?.smtpHasPassword ?? false}
          />
        </fieldset>
        <fieldset className="cqdt-mail-fieldset">
          <legend>{t('sectionImap')}</legend>
          <Form.Item
            name="imapOn"
            label={t('fieldImapOn')}
            extra={t('fieldImapOnHelp')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          {imapOn ? (
            <>
              <Form.Item
                name="imapHost"
                label={t('fieldImapHost')}
                rules={[{ required: true, whitespace: true, message: t('hostRequired') }]}
              >
                <Input maxLength={253} autoComplete="off" spellCheck={false} />
              </Form.Item>
              <Form.Item name="imapPort" label={t('fieldImapPort')} rules={port(t('portRequired'))}>
                <InputNumber min={1} max={65535} precision={0} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name="imapTls" label={t('fieldImapTls')} extra={t('tlsHelp')}>
                <Radio.Group options={tlsOptions} style={{ display: 'grid', gap: 4 }} />
              </Form.Item>
              <Form.Item
                name="imapUsername"
                label={t('fieldImapUsername')}
                rules={[{ required: true, whitespace: true, message: t('imapUsernameRequired') }]}
              >
                <Input maxLength={200} autoComplete="off" spellCheck={false} />
              </Form.Item>
              <PasswordField
                name="imapPassword"
                label={t('fieldImapPassword')}
                newLabel={t('fieldNewImapPassword')}
                stored={account?.imapHasPassword ?? false}
              />
              <Form.Item
                name="imapFolder"
                label={t('fieldImapFolder')}
                rules={[{ required: true, whitespace: true, message: t('folderRequired') }]}
              >
                <Input maxLength={200} autoComplete="off" spellCheck={false} />
              </Form.Item>
              <Form.Item
                name="imapDoneFolder"
                label={t('fieldImapDoneFolder')}
                rules={[{ required: true, whitespace: true, message: t('folderRequired') }]}
              >
                <Input maxLength={200} autoComplete="off" spellCheck={false} />
              </Form.Item>
            </>
          ) : null}
        </fieldset>
        <Form.Item name="enabled" label={t('fieldEnabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
