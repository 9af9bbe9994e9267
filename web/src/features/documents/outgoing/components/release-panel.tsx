// Release, recall and replacement on the outgoing document page (issue 10, item 4; decision
// 0009): the clerk releases a numbered document to its recipients; the signer or a leader recalls
// a released one with a reason; anyone of the agency starts a replacement draft; everyone sees
// which version stands and, once released, the delivery panel. The page adds one element:
// <DeliverySection doc={doc} {...host} />.
import {
  App as AntdApp,
  Alert,
  Button,
  Card,
  Form,
  Input,
  List,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { useAuth } from '../../../../shared/auth/use-auth';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { createReplacement, type DeliveredDocument, recall, release } from '../api/delivery';
import type { OutgoingDocument } from '../api/types';
import { outgoingPath } from '../paths';
import { DeliveryPanel } from './delivery-panel';
import { deliveryMessages } from './delivery-i18n';
import { type ActionHost, useAction } from './use-action';

interface Props extends ActionHost {
  doc: OutgoingDocument;
}

const DELIVERED = new Set(['released', 'recalled', 'replaced']);

export function DeliverySection({ doc, onChanged, onStale }: Props) {
  const { user, hasRole } = useAuth();
  const d = doc as DeliveredDocument;
  const state = doc.state as string;
  const host = { onChanged, onStale };
  const isClerk = hasRole('clerk');
  const mayRecall = doc.signerId === Number(user?.id) || hasRole('leader');
  return (
    <>
      <Standing doc={d} />
      {state === 'numbered' && isClerk ? (
        <Card>
          <ReleasePanel doc={doc} {...host} />
        </Card>
      ) : null}
      {DELIVERED.has(state) ? <DeliveryPanel doc={doc} canSend={isClerk} /> : null}
      {state === 'released' && mayRecall ? (
        <Card>
          <RecallPanel doc={doc} {...host} />
        </Card>
      ) : null}
      {state === 'released' && hasRole('clerk', 'leader', 'officer') ? (
        <Card>
          <ReplacePanel doc={doc} />
        </Card>
      ) : null}
    </>
  );
}

function PanelTitle({ id, children }: { id: string; children: string }) {
  return (
    <Typography.Title id={id} level={2} style={{ fontSize: 18, marginTop: 0 }}>
      {children}
    </Typography.Title>
  );
}

/** Which version stands: recalled, replaced, or the replacement of an earlier one. */
function Standing({ doc }: { doc: DeliveredDocument }) {
  const t = useTranslate(deliveryMessages);
  const state = doc.state as string;
  return (
    <>
      {state === 'recalled' ? (
        <Alert
          type="error"
          showIcon
          title={t('recalledTitle')}
          description={doc.recallReason ? t('recalledText', { reason: doc.recallReason }) : null}
        />
      ) : null}
      {state === 'replaced' ? (
        <Alert type="warning" showIcon title={t('replacedTitle')} description={t('replacedText')} />
      ) : null}
      {state === 'released' ? <Alert type="success" showIcon title={t('standsReleased')} /> : null}
      {doc.replacesId ? (
        <Alert
          type="info"
          showIcon
          title={t('replacesText')}
          description={<Link to={outgoingPath(doc.replacesId)}>{t('replacesLink')}</Link>}
        />
      ) : null}
    </>
  );
}

/** The clerk, in `numbered`: the recipients (here / outside) and the release, confirmed. */
function ReleasePanel({ doc, onChanged, onStale }: Props) {
  const t = useTranslate(deliveryMessages);
  const { modal } = AntdApp.useApp();
  const action = useAction({ onChanged, onStale });
  const onRelease = () => {
    void modal.confirm({
      title: t('releaseConfirmTitle'),
      content: t('releaseConfirmText', { count: doc.recipients.length }),
      okText: t('releaseConfirmOk'),
      cancelText: t('cancel'),
      onOk: () => action.run(() => release(doc), t('released')),
    });
  };
  return (
    <section aria-labelledby="outgoing-release-panel">
      <PanelTitle id="outgoing-release-panel">{t('releaseTitle')}</PanelTitle>
      <p>{t('releaseIntro')}</p>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('recipientsTitle')}
      </Typography.Title>
      {doc.recipients.length === 0 ? (
        <Alert type="warning" showIcon title={t('noRecipients')} />
      ) : (
        <List
          size="small"
          dataSource={doc.recipients}
          renderItem={(r) => (
            <List.Item>
              <span>
                {r.name}{' '}
                {r.agencyId !== null ? (
                  <Tag color="blue">{t('recipientHere')}</Tag>
                ) : (
                  <Tag>{t('recipientExternal')}</Tag>
                )}
              </span>
            </List.Item>
          )}
        />
      )}
      {action.error ? (
        <div style={{ margin: '16px 0' }}>
          <ErrorAlert error={action.error} extraErrors={action.extraErrors} />
        </div>
      ) : null}
      <Button
        type="primary"
        style={{ marginTop: 16 }}
        disabled={doc.recipients.length === 0}
        loading={action.busy}
        onClick={onRelease}
      >
        {t('releaseButton')}
      </Button>
    </section>
  );
}

/** The signer or a leader, in `released`: recall with a reason, confirmed. */
function RecallPanel({ doc, onChanged, onStale }: Props) {
  const t = useTranslate(deliveryMessages);
  const { modal } = AntdApp.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const action = useAction({ onChanged, onStale }, form, ['reason']);
  return (
    <section aria-labelledby="outgoing-recall-panel">
      <PanelTitle id="outgoing-recall-panel">{t('recallTitle')}</PanelTitle>
      <p>{t('recallIntro')}</p>
      {action.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={action.error} extraErrors={action.extraErrors} />
        </div>
      ) : null}
      <Form
        form={form}
        name="outgoing-recall"
        layout="vertical"
        noValidate
        onFinish={(values) => {
          const reason = values.reason?.trim() ?? '';
          void modal.confirm({
            title: t('recallConfirmTitle'),
            content: t('recallConfirmText'),
            okText: t('recallButton'),
            okButtonProps: { danger: true },
            cancelText: t('cancel'),
            onOk: () => action.run(() => recall(doc, reason), t('recalled')),
          });
        }}
      >
        <Form.Item
          name="reason"
          label={t('reasonLabel')}
          rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
        <Button danger htmlType="submit" loading={action.busy}>
          {t('recallButton')}
        </Button>
      </Form>
    </section>
  );
}

/** Anyone of the agency, in `released`: a new draft that replaces this document. */
function ReplacePanel({ doc }: { doc: OutgoingDocument }) {
  const t = useTranslate(deliveryMessages);
  const { message } = AntdApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ subject?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <section aria-labelledby="outgoing-replace-panel">
      <PanelTitle id="outgoing-replace-panel">{t('replaceTitle')}</PanelTitle>
      <p>{t('replaceIntro')}</p>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Form
        form={form}
        name="outgoing-replace"
        layout="vertical"
        noValidate
        initialValues={{ subject: doc.subject }}
        onFinish={(values) => {
          setBusy(true);
          setError(undefined);
          createReplacement(doc, values.subject?.trim() ?? '')
            .then((draft) => {
              void message.success(t('replaceCreated'));
              void navigate(outgoingPath(draft.id));
            })
            .catch((reason: unknown) => setError(reason))
            .finally(() => setBusy(false));
        }}
      >
        <Form.Item
          name="subject"
          label={t('replaceSubjectLabel')}
          rules={[{ required: true, whitespace: true, message: t('replaceSubjectRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
        </Form.Item>
        <Space wrap>
          <Button htmlType="submit" loading={busy}>
            {t('replaceButton')}
          </Button>
        </Space>
      </Form>
    </section>
  );
}
