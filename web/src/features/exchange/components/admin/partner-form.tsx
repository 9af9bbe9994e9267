// Add or edit an exchange partner: a member system (the agencies it serves; its secret is made by
// the server and shown once, see SecretModal) or a peer hub (its address, its certificate as PEM,
// the route patterns that lead to it). Kind and code stay once added. The server's field problems
// land under the field they name.
import {
  Alert,
  App as AntdApp,
  Button,
  Drawer,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Switch,
} from 'antd';
import { useState } from 'react';

import { ApiError, type FieldError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { exchangeAdminMessages } from '../../admin-i18n';
import { createPartner, updatePartner } from '../../api/hub';
import type { Partner, PartnerInput, PartnerKind, SignaturePolicy } from '../../api/types';

interface Values {
  kind: PartnerKind;
  code?: string;
  name?: string;
  baseUrl?: string;
  certificate?: string;
  signaturePolicy: SignaturePolicy;
  agencies: string[];
  enabled: boolean;
}

const FIELDS = [
  'kind',
  'code',
  'name',
  'baseUrl',
  'certificate',
  'signaturePolicy',
  'agencies',
  'enabled',
] as const;

const CODE = /^[a-z0-9._-]{2,64}$/;

export function PartnerFormDrawer({
  partner,
  onClose,
  onSaved,
}: {
  /** The partner to edit; null to add one. */
  partner: Partner | null;
  onClose: () => void;
  onSaved: (saved: Partner) => void;
}) {
  const t = useTranslate(exchangeAdminMessages);
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? partner?.kind ?? 'member';
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  const editing = partner !== null;

  const initialValues: Values = partner
    ? {
        kind: partner.kind,
        code: partner.code,
        name: partner.name,
        baseUrl: partner.baseUrl,
        certificate: partner.certificate,
        signaturePolicy: partner.signaturePolicy,
        agencies: partner.agencies,
        enabled: partner.enabled,
      }
    : { kind: 'member', signaturePolicy: 'require', agencies: [], enabled: true };

  const submit = async (values: Values) => {
    setSaving(true);
    setError(undefined);
    setExtraErrors([]);
    const peer = values.kind === 'peer';
    const input: PartnerInput = {
      kind: values.kind,
      code: (values.code ?? '').trim(),
      name: (values.name ?? '').trim(),
      baseUrl: peer ? (values.baseUrl ?? '').trim() : '',
      certificate: peer ? (values.certificate ?? '').trim() : '',
      signaturePolicy: values.signaturePolicy,
      agencies: values.agencies.map((a) => a.trim()).filter(Boolean),
      enabled: values.enabled,
    };
    try {
      const saved = editing ? await updatePartner(partner.id, input) : await createPartner(input);
      void message.success(editing ? t('saved') : t('created'));
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

  return (
    <Drawer
      open
      title={editing ? t('formTitleEdit', { name: partner.name }) : t('formTitleNew')}
      onClose={onClose}
      size={560}
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
        name="exchange-partner"
        layout="vertical"
        noValidate
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="kind" label={t('fieldKind')}>
          <Radio.Group
            disabled={editing}
            options={[
              { value: 'member', label: t('kind_member') },
              { value: 'peer', label: t('kind_peer') },
            ]}
          />
        </Form.Item>
        <Alert
          type="info"
          title={kind === 'peer' ? t('kindHelp_peer') : t('kindHelp_member')}
          style={{ marginBottom: 16 }}
        />
        <Form.Item
          name="code"
          label={t('fieldCode')}
          extra={t('fieldCodeHelp')}
          rules={
            editing
              ? []
              : [
                  { required: true, whitespace: true, message: t('codeRequired') },
                  { pattern: CODE, message: t('codeFormat') },
                ]
          }
        >
          <Input disabled={editing} maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('fieldName')}
          rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        {kind === 'peer' ? (
          <>
            <Form.Item
              name="baseUrl"
              label={t('fieldBaseUrl')}
              extra={t('fieldBaseUrlHelp')}
              rules={[
                { required: true, whitespace: true, message: t('baseUrlRequired') },
                { pattern: /^https?:\/\/\S+$/, message: t('baseUrlRequired') },
              ]}
            >
              <Input type="url" maxLength={500} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="certificate"
              label={t('fieldCertificate')}
              extra={t('fieldCertificateHelp')}
              rules={[{ required: true, whitespace: true, message: t('certificateRequired') }]}
            >
              <Input.TextArea
                autoSize={{ minRows: 6, maxRows: 14 }}
                spellCheck={false}
                className="cqdt-mono"
                placeholder="-----BEGIN CERTIFICATE-----"
              />
            </Form.Item>
          </>
        ) : null}
        <Form.Item
          name="agencies"
          label={kind === 'peer' ? t('fieldAgencies_peer') : t('fieldAgencies_member')}
          extra={kind === 'peer' ? t('fieldAgenciesHelp_peer') : t('fieldAgenciesHelp_member')}
          rules={[{ required: true, type: 'array', min: 1, message: t('agenciesRequired') }]}
        >
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ';', ' ']} />
        </Form.Item>
        <Form.Item name="signaturePolicy" label={t('fieldPolicy')}>
          <Radio.Group
            options={[
              { value: 'require', label: t('policy_require') },
              { value: 'warn', label: t('policy_warn') },
            ]}
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('fieldEnabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
