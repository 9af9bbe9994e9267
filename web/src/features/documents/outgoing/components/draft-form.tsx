// The draft's details (create and edit): type among the 29 of Decree 30/2020 (as words), subject,
// urgency, confidentiality, signer (a leader of the agency), drafting unit, and recipients —
// agencies from the directory, free text ("Lưu: VT, VP"), and agencies outside the system with
// their identification code (the exchange's field, given by src/app; kept as they are without
// it). Server field errors land under the field they name.
import { Button, Form, Input, Select, Typography } from 'antd';
import { type ComponentType, useMemo, useState } from 'react';

import { ApiError, type FieldError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import { useAuth } from '../../../../shared/auth/use-auth';
import { useAsync } from '../../../../shared/lib/use-async';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { listAgencies, listAgencyUsers, listDocumentTypes, listUnits } from '../api/outgoing';
import type { Confidentiality, OutgoingDocument, OutgoingDraftInput, Urgency } from '../api/types';
import { outgoingMessages } from '../i18n';

interface Values {
  typeOrdinal?: number;
  subject?: string;
  urgency: Urgency;
  confidentiality: Confidentiality;
  signerId?: number;
  draftingUnitId?: number;
  recipientAgencies: number[];
  recipientOthers: string[];
  /** Agencies outside the instance: {name, code} (the exchange's field). */
  recipientExternal: { name: string; code: string }[];
  description?: string;
}

/** The form item of recipients outside the system; renders a Form.Item under `name`. */
export type ExternalRecipientsField = ComponentType<{ name: string }>;

const FIELDS = [
  'typeOrdinal',
  'subject',
  'urgency',
  'confidentiality',
  'signerId',
  'draftingUnitId',
  'recipientAgencies',
  'recipientExternal',
  'description',
];

export const URGENCIES: Urgency[] = ['normal', 'urgent', 'very_urgent', 'express'];
export const CONFIDENTIALITIES: Confidentiality[] = [
  'none',
  'confidential',
  'secret',
  'top_secret',
];

export function DraftForm({
  initial,
  onSave,
  onCancel,
  ExternalRecipients,
}: {
  initial?: OutgoingDocument;
  onSave: (input: OutgoingDraftInput) => Promise<void>;
  onCancel?: () => void;
  ExternalRecipients?: ExternalRecipientsField;
}) {
  const t = useTranslate(outgoingMessages);
  const tc = useTranslate(commonMessages);
  const { user, confidentialFiles } = useAuth();
  const [form] = Form.useForm<Values>();
  // Said before any file is sent: an instance not declared isolated keeps no files of a
  // confidential document (the server refuses them with a 422).
  const confidentiality = Form.useWatch('confidentiality', form);
  const noConfidentialFiles =
    !confidentialFiles && confidentiality !== undefined && confidentiality !== 'none';
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  const agencyId = user?.agencyId != null ? Number(user.agencyId) : undefined;

  const types = useAsync((signal) => listDocumentTypes(signal), []);
  const users = useAsync((signal) => listAgencyUsers(signal), []);
  const units = useAsync(
    (signal) => listUnits(agencyId ?? 0, signal),
    [agencyId],
    agencyId !== undefined,
  );
  const agencies = useAsync((signal) => listAgencies(signal), []);

  const leaders = useMemo(
    () =>
      (users.data?.items ?? []).filter(
        (u) => !u.disabled && u.agencyId === agencyId && u.roles.includes('leader'),
      ),
    [users.data, agencyId],
  );

  const initialValues: Values = {
    typeOrdinal: initial?.typeOrdinal,
    subject: initial?.subject,
    urgency: initial?.urgency ?? 'normal',
    confidentiality: initial?.confidentiality ?? 'none',
    signerId: initial?.signerId ?? undefined,
    draftingUnitId: initial?.draftingUnitId ?? undefined,
    recipientAgencies: (initial?.recipients ?? [])
      .map((r) => r.agencyId)
      .filter((id): id is number => id !== null),
    recipientOthers: (initial?.recipients ?? [])
      .filter((r) => r.agencyId === null && !r.code)
      .map((r) => r.name),
    recipientExternal: (initial?.recipients ?? []).flatMap((r) =>
      r.agencyId === null && r.code ? [{ name: r.name, code: r.code }] : [],
    ),
    description: initial?.description,
  };

  const submit = async (values: Values) => {
    setSaving(true);
    setError(undefined);
    setExtraErrors([]);
    try {
      await onSave({
        typeOrdinal: values.typeOrdinal,
        subject: values.subject?.trim(),
        urgency: values.urgency,
        confidentiality: values.confidentiality,
        description: values.description ?? '',
        signerId: values.signerId,
        draftingUnitId: values.draftingUnitId,
        recipients: [
          ...values.recipientAgencies.map((id) => ({ agencyId: id })),
          ...values.recipientOthers.map((name) => ({ name: name.trim() })).filter((r) => r.name),
          ...(values.recipientExternal ?? initialValues.recipientExternal).map((r) => ({
            name: r.name,
            code: r.code,
          })),
        ],
      });
    } catch (reason) {
      const unmatched = applyFieldErrors(form, reason, FIELDS, {
        recipients: 'recipientAgencies',
      });
      // Errors shown under their fields need no alert; anything else (or a leftover) does.
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
    <Form<Values>
      form={form}
      name="outgoing-draft"
      layout="vertical"
      noValidate
      initialValues={initialValues}
      onFinish={(values) => void submit(values)}
      style={{ maxWidth: 760 }}
    >
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} />
        </div>
      ) : null}
      <Form.Item
        name="typeOrdinal"
        label={t('typeLabel')}
        rules={[{ required: true, message: t('typeRequired') }]}
      >
        <Select
          showSearch
          optionFilterProp="label"
          placeholder={t('typePlaceholder')}
          loading={types.loading}
          options={(types.data?.items ?? []).map((type) => ({
            value: type.ordinal,
            label: type.abbreviation ? `${type.name} (${type.abbreviation})` : type.name,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="subject"
        label={t('subjectLabel')}
        rules={[{ required: true, whitespace: true, message: t('subjectRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
      </Form.Item>
      <Form.Item name="urgency" label={t('urgencyLabel')}>
        <Select options={URGENCIES.map((u) => ({ value: u, label: t(`urgency_${u}`) }))} />
      </Form.Item>
      <Form.Item
        name="confidentiality"
        label={t('confidentialityLabel')}
        extra={
          noConfidentialFiles ? (
            <Typography.Text type="warning">{t('confidentialNoFiles')}</Typography.Text>
          ) : undefined
        }
      >
        <Select options={CONFIDENTIALITIES.map((c) => ({ value: c, label: t(`conf_${c}`) }))} />
      </Form.Item>
      <Form.Item name="signerId" label={t('signerLabel')}>
        <Select
          allowClear
          placeholder={t('signerPlaceholder')}
          loading={users.loading}
          options={leaders.map((u) => ({
            value: u.id,
            label: u.position ? `${u.fullName} – ${u.position}` : u.fullName,
          }))}
        />
      </Form.Item>
      <Form.Item name="draftingUnitId" label={t('unitLabel')}>
        <Select
          allowClear
          placeholder={t('unitPlaceholder')}
          loading={units.loading}
          options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
      </Form.Item>
      <Form.Item name="recipientAgencies" label={t('recipientAgenciesLabel')}>
        <Select
          mode="multiple"
          showSearch
          optionFilterProp="label"
          placeholder={t('recipientAgenciesPlaceholder')}
          loading={agencies.loading}
          options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
        />
      </Form.Item>
      <Form.Item
        name="recipientOthers"
        label={t('recipientOthersLabel')}
        extra={t('recipientOthersHelp')}
      >
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[';']} />
      </Form.Item>
      {ExternalRecipients ? <ExternalRecipients name="recipientExternal" /> : null}
      <Form.Item name="description" label={t('descriptionLabel')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('saveDraft')}
        </Button>
        {onCancel ? (
          <Button style={{ marginInlineStart: 8 }} onClick={onCancel}>
            {tc('cancel')}
          </Button>
        ) : null}
      </Form.Item>
    </Form>
  );
}
