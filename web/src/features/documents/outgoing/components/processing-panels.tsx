// More of what people do with an outgoing draft (docs/api.md "Token and batch signing, DOCX
// drafts, attachments, consultation"): the drafter adds appendices (PDFs sealed with the
// document at issue); the drafter or the unit head asks colleagues for comments while the unit
// head's review is pending; each person consulted answers once. The server checks every step.
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, List, Radio, Select, Typography, Upload } from 'antd';
import { useMemo } from 'react';

import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { fileUrl, listAgencyUsers } from '../api/outgoing';
import {
  addAttachment,
  answerConsultation,
  removeAttachment,
  requestConsultation,
} from '../api/processing';
import type { OutgoingDocument } from '../api/types';
import { processingMessages } from './processing-i18n';
import { type ActionHost, useAction } from './use-action';

interface PanelProps extends ActionHost {
  doc: OutgoingDocument;
}

/** Files of role `attachment` (the type lists draft/signed/issued; the API has more roles). */
function attachmentsOf(doc: OutgoingDocument) {
  return doc.files.filter((f) => f.role === 'attachment');
}

/** The drafter, in `draft`: the appendices, and a button to add one. */
export function AttachmentsPanel({ doc, onChanged, onStale }: PanelProps) {
  const t = useTranslate(processingMessages);
  const action = useAction({ onChanged, onStale });
  const items = attachmentsOf(doc);
  return (
    <section aria-labelledby="outgoing-attachments" data-testid="attachments">
      <Typography.Title id="outgoing-attachments" level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {t('attachTitle')}
      </Typography.Title>
      <p className="cqdt-muted">{t('attachIntro')}</p>
      {items.length === 0 ? (
        <EmptyState text={t('attachEmpty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          rowKey="id"
          renderItem={(f) => (
            <List.Item
              actions={[
                <Button
                  key="remove"
                  type="link"
                  danger
                  size="small"
                  icon={<DeleteOutlined aria-hidden />}
                  disabled={action.busy}
                  aria-label={t('attachRemoveLabel', { name: f.name })}
                  onClick={() => {
                    void action.run(() => removeAttachment(doc, f.id), t('attachRemoved'));
                  }}
                >
                  {t('attachRemove')}
                </Button>,
              ]}
            >
              <a href={fileUrl(doc.id, f.id)} download className="cqdt-wrap-anywhere">
                <PaperClipOutlined aria-hidden /> {f.name}
              </a>
            </List.Item>
          )}
        />
      )}
      {action.error ? (
        <div style={{ margin: '12px 0' }}>
          <ErrorAlert error={action.error} extraErrors={action.extraErrors} />
        </div>
      ) : null}
      <Upload
        accept="application/pdf,.pdf"
        showUploadList={false}
        beforeUpload={(file) => {
          void action.run(() => addAttachment(doc, file), t('attachAdded'));
          return false;
        }}
      >
        <Button
          icon={<UploadOutlined aria-hidden />}
          loading={action.busy}
          style={{ marginTop: 12 }}
        >
          {t('attachButton')}
        </Button>
      </Upload>
    </section>
  );
}

/** Consultations still waiting for an answer, by name. */
export function ConsultWaiting({ doc }: { doc: OutgoingDocument }) {
  const t = useTranslate(processingMessages);
  const open = doc.reviews.filter((r) => r.step === 'consult' && r.state === 'pending');
  if (open.length === 0) {
    return null;
  }
  return (
    <Alert
      type="info"
      showIcon
      title={t('consultWaiting', { names: open.map((r) => r.reviewerName).join(', ') })}
    />
  );
}

/** The drafter or the unit head, while the unit head's review is pending: ask for comments. */
export function ConsultPanel({ doc, onChanged, onStale, myId }: PanelProps & { myId: number }) {
  const t = useTranslate(processingMessages);
  const [form] = Form.useForm<{ reviewerIds?: number[]; comment?: string }>();
  const action = useAction({ onChanged, onStale }, form, ['reviewerIds', 'comment']);
  const users = useAsync((signal) => listAgencyUsers(signal), []);
  const options = useMemo(
    () =>
      (users.data?.items ?? [])
        .filter((u) => !u.disabled && u.agencyId === doc.agencyId && u.id !== myId)
        .map((u) => ({
          value: u.id,
          label: u.position ? `${u.fullName} – ${u.position}` : u.fullName,
        })),
    [users.data, doc.agencyId, myId],
  );
  return (
    <section aria-labelledby="outgoing-consult">
      <Typography.Title id="outgoing-consult" level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {t('consultTitle')}
      </Typography.Title>
      <p className="cqdt-muted">{t('consultIntro')}</p>
      {action.error ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={action.error} extraErrors={action.extraErrors} />
        </div>
      ) : null}
      <Form
        form={form}
        layout="vertical"
        noValidate
        name="outgoing-consult"
        onFinish={(values) =>
          void action.run(
            () =>
              requestConsultation(doc, {
                reviewerIds: values.reviewerIds ?? [],
                comment: values.comment?.trim() || undefined,
              }),
            t('consultSent'),
          )
        }
      >
        <Form.Item
          name="reviewerIds"
          label={t('consultPeople')}
          rules={[{ required: true, message: t('consultPeopleRequired') }]}
        >
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            loading={users.loading}
            options={options}
          />
        </Form.Item>
        <Form.Item name="comment" label={t('consultComment')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
        <Button htmlType="submit" loading={action.busy}>
          {t('consultButton')}
        </Button>
      </Form>
    </section>
  );
}

/** A consulted person: agree, or objections with a comment. */
export function ConsultAnswerPanel({ doc, onChanged, onStale }: PanelProps) {
  const t = useTranslate(processingMessages);
  const [form] = Form.useForm<{ agree: boolean; comment?: string }>();
  const action = useAction({ onChanged, onStale }, form, ['agree', 'comment']);
  const agree = Form.useWatch('agree', form);
  return (
    <section aria-labelledby="outgoing-consult-answer">
      <Typography.Title
        id="outgoing-consult-answer"
        level={2}
        style={{ fontSize: 18, marginTop: 0 }}
      >
        {t('consultAnswerTitle')}
      </Typography.Title>
      {action.error ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={action.error} extraErrors={action.extraErrors} />
        </div>
      ) : null}
      <Form
        form={form}
        layout="vertical"
        noValidate
        name="outgoing-consult-answer"
        initialValues={{ agree: true }}
        onFinish={(values) =>
          void action.run(
            () =>
              answerConsultation(doc, {
                agree: values.agree,
                comment: values.comment?.trim() || undefined,
              }),
            t('consultAnswered'),
          )
        }
      >
        <Form.Item name="agree">
          <Radio.Group>
            <Radio value={true}>{t('consultAgree')}</Radio>
            <Radio value={false}>{t('consultObject')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="comment"
          label={t('consultAnswerComment')}
          rules={
            agree === false
              ? [{ required: true, whitespace: true, message: t('consultAnswerCommentRequired') }]
              : []
          }
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.busy}>
          {t('consultAnswerButton')}
        </Button>
      </Form>
    </section>
  );
}

/** The panels above that apply to the caller now (the document page shows them in one place). */
export function ProcessingPanels({ doc, myId, onChanged, onStale }: PanelProps & { myId: number }) {
  const host = { onChanged, onStale };
  const unitHeadStep = doc.reviews.find((r) => r.step === 'unit_head' && r.state === 'pending');
  const consulted = doc.reviews.some(
    (r) => r.step === 'consult' && r.state === 'pending' && r.reviewerId === myId,
  );
  const canConsult =
    doc.state === 'in_review' &&
    !!unitHeadStep &&
    (doc.drafterId === myId || unitHeadStep.reviewerId === myId);
  return (
    <>
      {doc.state === 'draft' && doc.drafterId === myId ? (
        <Card>
          <AttachmentsPanel doc={doc} {...host} />
        </Card>
      ) : null}
      {doc.state === 'in_review' ? <ConsultWaiting doc={doc} /> : null}
      {consulted ? (
        <Card>
          <ConsultAnswerPanel doc={doc} {...host} />
        </Card>
      ) : null}
      {canConsult ? (
        <Card>
          <ConsultPanel doc={doc} myId={myId} {...host} />
        </Card>
      ) : null}
    </>
  );
}
