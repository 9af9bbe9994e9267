// The result of a dossier as an official document (issue 12 item 2): the deciding agency's
// officer or leader drafts it from the dossier (type, signer, subject), follows it to the
// documents pages for review, signature, number and seal, and attaches the issued copy — the
// signed PDF — to the dossier as its result.
import { Alert, App, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';

import { errorMessage } from '../../shared/api/error-message';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import {
  attachResultDocument,
  type Dossier,
  draftResultDocument,
  listColleagues,
  listDocumentTypes,
} from './dossier-api';
import { outgoingDocumentPath } from './paths';
import { resultDocumentMessages } from './result-document-i18n';

interface DraftValues {
  typeOrdinal?: number;
  subject?: string;
  signerId?: number;
}

function DraftModal({
  dossier,
  onClose,
}: {
  dossier: Dossier;
  onClose: (updated: Dossier | null) => void;
}) {
  const t = useTranslate(resultDocumentMessages);
  const tc = useTranslate(commonMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<DraftValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const types = useAsync((signal) => listDocumentTypes(signal), []);
  const users = useAsync((signal) => listColleagues(signal), []);
  // GET /users answers the caller's own agency: its leaders may sign.
  const leaders = useMemo(
    () => (users.data?.items ?? []).filter((u) => u.roles.includes('leader')),
    [users.data],
  );

  const submit = async (v: DraftValues) => {
    setBusy(true);
    setFailure('');
    try {
      const updated = await draftResultDocument(dossier.code, {
        typeOrdinal: v.typeOrdinal ?? 0,
        subject: v.subject?.trim() || undefined,
        signerId: v.signerId,
        expectedUpdatedAt: dossier.updatedAt,
      });
      void message.success(t('drafted'));
      onClose(updated);
    } catch (caught) {
      const rest = applyFieldErrors(form, caught, ['typeOrdinal', 'subject', 'signerId']);
      if (rest.length > 0) {
        setFailure(rest.map((e) => e.message).join(' '));
      } else if (form.getFieldsError().every((f) => f.errors.length === 0)) {
        setFailure(errorMessage(caught, tc));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('draftTitle', { code: dossier.code })}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(null)}
      destroyOnHidden
    >
      <Form<DraftValues>
        noValidate
        form={form}
        layout="vertical"
        initialValues={{ typeOrdinal: 2 }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="typeOrdinal"
          label={t('type')}
          rules={[{ required: true, message: t('typeRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={types.loading}
            options={(types.data?.items ?? []).map((ty) => ({
              value: ty.ordinal,
              label: ty.abbreviation ? `${ty.name} (${ty.abbreviation})` : ty.name,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="subject"
          label={t('subject')}
          extra={t('subjectHint', { code: dossier.code })}
        >
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
        <Form.Item name="signerId" label={t('signer')}>
          <Select
            allowClear
            loading={users.loading}
            options={leaders.map((u) => ({ value: u.id, label: u.fullName }))}
          />
        </Form.Item>
        {failure ? <Alert type="error" showIcon role="alert" title={failure} /> : null}
      </Form>
    </Modal>
  );
}

export function ResultDocumentPanel({
  dossier: d,
  onChanged,
}: {
  dossier: Dossier;
  onChanged: () => void;
}) {
  const t = useTranslate(resultDocumentMessages);
  const tc = useTranslate(commonMessages);
  const { message } = App.useApp();
  const [drafting, setDrafting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const id = d.resultDocumentId;
  const doc = d.resultDocument;
  // The deciding agency's officers and leaders: the ones who may record a result.
  const mayWork = d.actions.some((a) => a.name === 'attach_result');
  if (id === null && !mayWork) {
    return null;
  }
  const issued = doc?.state === 'numbered' || doc?.state === 'released';
  const attached =
    !!doc?.numberText &&
    d.files.some((f) => f.kind === 'result') &&
    d.resultNote.includes(doc.numberText);

  const attach = async () => {
    setBusy(true);
    setFailure('');
    try {
      await attachResultDocument(d.code, d.updatedAt);
      void message.success(t('attached'));
      onChanged();
    } catch (caught) {
      setFailure(errorMessage(caught, tc));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="dossier-result-document" style={{ marginTop: 24 }}>
      <Typography.Title level={2} style={{ fontSize: 18 }} id="dossier-result-document">
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {id === null ? (
        <Space orientation="vertical">
          <Typography.Text>{t('none')}</Typography.Text>
          {d.state.name === 'processing' ? (
            <Button onClick={() => setDrafting(true)}>{t('draftButton')}</Button>
          ) : null}
        </Space>
      ) : (
        <Space orientation="vertical">
          <Link to={outgoingDocumentPath(id)}>
            {doc ? t('open', { subject: doc.subject }) : t('openPlain')}
          </Link>
          {doc ? <Typography.Text>{t('state', { state: doc.stateLabel })}</Typography.Text> : null}
          {doc?.numberText ? (
            <Typography.Text>{t('number', { number: doc?.numberText })}</Typography.Text>
          ) : null}
          {issued && mayWork && !attached ? (
            <Button type="primary" loading={busy} onClick={() => void attach()}>
              {t('attachButton')}
            </Button>
          ) : null}
        </Space>
      )}
      {failure ? (
        <Alert type="error" showIcon role="alert" title={failure} style={{ marginTop: 8 }} />
      ) : null}
      {drafting ? (
        <DraftModal
          dossier={d}
          onClose={(updated) => {
            setDrafting(false);
            if (updated) {
              onChanged();
            }
          }}
        />
      ) : null}
    </section>
  );
}
