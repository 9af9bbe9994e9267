// What each person does with an outgoing document, by state (decision 0009): the drafter edits,
// uploads versions and submits; the reviewer whose turn it is approves or returns; the signer
// signs; the clerk numbers and issues. The page shows the panels that apply to the caller.
import { EditOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Collapse, Form, Input, Select, Space, Tag, Typography, Upload } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useNavigate } from 'react-router';

import { useAsync } from '../../../../shared/lib/use-async';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { formatVnDate } from '../../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import {
  approve,
  listAgencyUsers,
  listSigningKeys,
  returnDraft,
  signWithServerKey,
  submitForReview,
} from '../api/outgoing';
import type { OutgoingDocument, OutgoingReview, SigningKey } from '../api/types';
import { type OutgoingTranslate, outgoingMessages } from '../i18n';
import { editDraftPath } from '../paths';
import { issueWithPositions, type PageBox, uploadDraftFile } from '../api/processing';
import { processingMessages } from './processing-i18n';
import { TokenSignDocument } from './token-sign';
import { type ActionHost, useAction } from './use-action';

interface PanelProps extends ActionHost {
  doc: OutgoingDocument;
}

function keyLabel(key: SigningKey, t: OutgoingTranslate): string {
  const parts = [
    key.kind === 'seal' ? t('keySeal') : t('keyPersonal'),
    key.certificate?.commonName || key.id,
  ];
  if (key.certificate) {
    parts.push(t('keyExpires', { date: formatVnDate(key.certificate.notAfter) }));
  }
  if (key.demo) {
    parts.push(t('keyDemo'));
  }
  return parts.join(' · ');
}

/** The drafter, in `draft`: edit the details, upload a new PDF version, submit for review. */
export function DraftPanel({ doc, onChanged, onStale, myId }: PanelProps & { myId: number }) {
  const t = useTranslate(outgoingMessages);
  const tp = useTranslate(processingMessages);
  const [form] = Form.useForm<{ unitHeadId?: number; comment?: string }>();
  const navigate = useNavigate();
  const host = { onChanged, onStale };
  const upload = useAction(host);
  const submit = useAction(host, form, ['unitHeadId', 'comment']);
  const users = useAsync((signal) => listAgencyUsers(signal), []);
  const heads = useMemo(
    () =>
      (users.data?.items ?? []).filter(
        (u) => !u.disabled && u.agencyId === doc.agencyId && u.id !== myId && u.id !== doc.signerId,
      ),
    [users.data, doc.agencyId, doc.signerId, myId],
  );
  return (
    <section aria-labelledby="outgoing-draft-panel" className="cqdt-outgoing-actions">
      <PanelTitleWithId id="outgoing-draft-panel">{t('submitTitle')}</PanelTitleWithId>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button
          icon={<EditOutlined aria-hidden />}
          onClick={() => void navigate(editDraftPath(doc.id))}
        >
          {t('editButton')}
        </Button>
        <Upload
          accept="application/pdf,.pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,.docx"
          showUploadList={false}
          beforeUpload={(file) => {
            // A PDF or a Word .docx: the server tells them apart and converts the DOCX.
            void upload.run(() => uploadDraftFile(doc, file), t('uploaded'));
            return false;
          }}
        >
          <Button icon={<UploadOutlined aria-hidden />} loading={upload.busy}>
            {t('uploadLabel')}
          </Button>
        </Upload>
      </Space>
      <p className="cqdt-muted">{tp('draftUploadHint')}</p>
      {upload.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={upload.error} extraErrors={upload.extraErrors} />
        </div>
      ) : null}
      {doc.files.every((f) => f.role !== 'draft') ? (
        <Alert type="info" showIcon title={t('noFileYet')} style={{ marginBottom: 16 }} />
      ) : null}
      {submit.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={submit.error} extraErrors={submit.extraErrors} />
        </div>
      ) : null}
      <Form
        form={form}
        name="outgoing-submit"
        layout="vertical"
        noValidate
        onFinish={(values) =>
          void submit.run(
            () =>
              submitForReview(doc, {
                unitHeadId: values.unitHeadId,
                comment: values.comment?.trim() || undefined,
              }),
            t('submitted'),
          )
        }
      >
        <Form.Item name="unitHeadId" label={t('unitHeadLabel')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('unitHeadPlaceholder')}
            loading={users.loading}
            options={heads.map((u) => ({
              value: u.id,
              label: u.position ? `${u.fullName} – ${u.position}` : u.fullName,
            }))}
          />
        </Form.Item>
        <Form.Item name="comment" label={t('commentLabel')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submit.busy}>
          {t('submitButton')}
        </Button>
      </Form>
    </section>
  );
}

/**
 * The reviewer whose turn it is (unit head, then the signer), or the signer of an approved or
 * signed document who sends it back: approve (optional comment) or return (comment required).
 */
export function ReviewPanel({
  doc,
  onChanged,
  onStale,
  review,
  canApprove,
}: PanelProps & { review?: OutgoingReview; canApprove: boolean }) {
  const t = useTranslate(outgoingMessages);
  const [form] = Form.useForm<{ comment?: string }>();
  const action = useAction({ onChanged, onStale }, form, ['comment']);
  const comment = () => (form.getFieldValue('comment') as string | undefined)?.trim() ?? '';
  const onReturn = () => {
    if (!comment()) {
      form.setFields([{ name: 'comment', errors: [t('returnCommentRequired')] }]);
      form.focusField('comment');
      return;
    }
    void action.run(() => returnDraft(doc, comment()), t('returned'));
  };
  return (
    <section aria-labelledby="outgoing-review-panel" className="cqdt-outgoing-actions">
      <PanelTitleWithId id="outgoing-review-panel">{t('reviewTitle')}</PanelTitleWithId>
      {review ? <p>{t('reviewIntro', { step: review.stepLabel })}</p> : null}
      {action.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={action.error} extraErrors={action.extraErrors} />
        </div>
      ) : null}
      <Form
        form={form}
        name={canApprove ? 'outgoing-review' : 'outgoing-return'}
        layout="vertical"
        noValidate
      >
        <Form.Item name="comment" label={t('commentLabel')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          {canApprove ? (
            <Button
              type="primary"
              loading={action.busy}
              onClick={() =>
                void action.run(() => approve(doc, comment() || undefined), t('approved'))
              }
            >
              {t('approveButton')}
            </Button>
          ) : null}
          <Button danger loading={action.busy} onClick={onReturn}>
            {t('returnButton')}
          </Button>
        </Space>
      </Form>
    </section>
  );
}

function useKeys(kind: SigningKey['kind']) {
  const keys = useAsync((signal) => listSigningKeys(signal), []);
  const items = useMemo(
    () => (keys.data?.items ?? []).filter((k) => k.kind === kind),
    [keys.data, kind],
  );
  return { keys, items };
}

/** The signer, in `approved`: sign with a personal key the server holds for them. */
export function SignPanel({ doc, onChanged, onStale }: PanelProps) {
  const t = useTranslate(outgoingMessages);
  const tp = useTranslate(processingMessages);
  const [form] = Form.useForm<{ keyId?: string; secret?: string }>();
  const action = useAction({ onChanged, onStale }, form, ['keyId', 'secret']);
  const { keys, items } = useKeys('personal');
  const keyId = Form.useWatch('keyId', form);
  const selected = items.find((k) => k.id === keyId);
  return (
    <section aria-labelledby="outgoing-sign-panel" className="cqdt-outgoing-actions">
      <PanelTitleWithId id="outgoing-sign-panel">{t('signTitle')}</PanelTitleWithId>
      {keys.loading && !keys.data ? null : items.length === 0 ? (
        // TOKEN-SIGNING: without a server-held key the signer signs with their own USB token
        // through the local signing agent (prepare → the agent signs the digest → complete).
        <TokenSignDocument doc={doc} onChanged={onChanged} onStale={onStale} />
      ) : (
        <>
          <p>{t('signIntro')}</p>
          {action.error ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={action.error} extraErrors={action.extraErrors} />
            </div>
          ) : null}
          <Form
            form={form}
            layout="vertical"
            noValidate
            name="outgoing-sign"
            initialValues={{ keyId: items[0]?.id }}
            onFinish={(values) =>
              void action.run(
                () =>
                  signWithServerKey(doc, {
                    keyId: values.keyId ?? '',
                    secret: selected?.askSecret ? values.secret : undefined,
                  }),
                t('signed'),
              )
            }
          >
            <Form.Item
              name="keyId"
              label={t('keyLabel')}
              rules={[{ required: true, message: t('keyRequired') }]}
            >
              <Select
                placeholder={t('keyPlaceholder')}
                options={items.map((k) => ({ value: k.id, label: keyLabel(k, t) }))}
              />
            </Form.Item>
            {selected?.askSecret ? (
              <Form.Item
                name="secret"
                label={t('secretLabel')}
                rules={[{ required: true, message: t('secretRequired') }]}
              >
                <Input.Password autoComplete="off" />
              </Form.Item>
            ) : null}
            <Button type="primary" htmlType="submit" loading={action.busy}>
              {t('signButton')}
            </Button>
          </Form>
          <Collapse
            style={{ marginTop: 16 }}
            items={[
              {
                key: 'token',
                label: tp('tokenTitle'),
                children: <TokenSignDocument doc={doc} onChanged={onChanged} onStale={onStale} />,
              },
            ]}
          />
        </>
      )}
    </section>
  );
}

function PanelTitleWithId({ id, children }: { id: string; children: string }) {
  return (
    <Typography.Title id={id} level={2} style={{ fontSize: 18, marginTop: 0 }}>
      {children}
    </Typography.Title>
  );
}

/** The clerk, in `signed`: choose the seal (and place), then number, stamp and seal. */
export function IssuePanel({
  doc,
  onChanged,
  onStale,
  positionsNote,
  positions,
}: PanelProps & {
  positionsNote: ReactNode;
  /** The number and date boxes, only when the clerk moved them (else the server finds them). */
  positions?: { numberBox: PageBox; dateBox: PageBox };
}) {
  const t = useTranslate(outgoingMessages);
  const [form] = Form.useForm<{ sealKeyId?: string; secret?: string; place?: string }>();
  const action = useAction({ onChanged, onStale }, form, ['sealKeyId', 'secret', 'place']);
  const { keys, items } = useKeys('seal');
  const sealKeyId = Form.useWatch('sealKeyId', form);
  const selected = items.find((k) => k.id === sealKeyId);
  return (
    <section aria-labelledby="outgoing-issue-panel" className="cqdt-outgoing-actions">
      <PanelTitleWithId id="outgoing-issue-panel">{t('issueTitle')}</PanelTitleWithId>
      <p>{t('issueIntro')}</p>
      {positionsNote}
      {keys.loading && !keys.data ? null : items.length === 0 ? (
        <Alert type="warning" showIcon title={t('noSealKey')} />
      ) : (
        <>
          {action.error ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={action.error} extraErrors={action.extraErrors} />
            </div>
          ) : null}
          <Form
            form={form}
            layout="vertical"
            noValidate
            name="outgoing-issue"
            initialValues={{ sealKeyId: items[0]?.id }}
            onFinish={(values) =>
              void action.run(
                () =>
                  issueWithPositions(doc, {
                    sealKeyId: values.sealKeyId ?? '',
                    secret: selected?.askSecret ? values.secret : undefined,
                    place: values.place?.trim() || undefined,
                    ...(positions ?? {}),
                  }),
                (issued) => t('issued', { number: issued.numberText ?? '' }),
              )
            }
          >
            <Form.Item
              name="sealKeyId"
              label={t('sealLabel')}
              rules={[{ required: true, message: t('sealRequired') }]}
            >
              <Select
                placeholder={t('sealPlaceholder')}
                options={items.map((k) => ({ value: k.id, label: keyLabel(k, t) }))}
              />
            </Form.Item>
            {selected?.askSecret ? (
              <Form.Item
                name="secret"
                label={t('secretLabel')}
                rules={[{ required: true, message: t('secretRequired') }]}
              >
                <Input.Password autoComplete="off" />
              </Form.Item>
            ) : null}
            <Form.Item name="place" label={t('placeLabel')} extra={t('placeHelp')}>
              <Input maxLength={100} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={action.busy}>
              {t('issueButton')}
            </Button>
          </Form>
        </>
      )}
    </section>
  );
}

/** A numbered document: its number and date, large. */
export function IssuedBanner({ doc }: { doc: OutgoingDocument }) {
  const t = useTranslate(outgoingMessages);
  return (
    <Alert
      type="success"
      showIcon
      title={t('issuedTitle')}
      description={
        <span>
          {t('issuedText', {
            number: doc.numberText ?? String(doc.number ?? ''),
            date: doc.issuedDate ? doc.issuedDate.split('-').reverse().join('/') : '',
          })}{' '}
          <Tag color="success">{doc.stateLabel}</Tag>
        </span>
      }
    />
  );
}
