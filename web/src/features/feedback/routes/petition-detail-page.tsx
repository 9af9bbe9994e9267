/**
 * One PAKN for the agency's staff (/phan-anh-kien-nghi/:code, issue 13 item 7): the question
 * with the filer's contacts, its history; leaders and counter officers assign it or transfer it
 * to the competent agency; the assignee (or a leader) answers, and may publish it on the portal.
 */
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Select,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  answerPetition,
  assignPetition,
  getPetition,
  listAgencies,
  listStaff,
  type Petition,
  transferPetition,
} from '../api';
import '../feedback.css';
import { STAFF_PETITIONS_PATH } from '../paths';
import { PetitionView } from '../petition-view';
import { staffFeedbackMessages } from '../staff-i18n';

export default function PetitionDetailPage() {
  const t = useTranslate(staffFeedbackMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { user, hasRole } = useAuth();
  const { code = '' } = useParams();
  useDocumentTitle(code, tc('appName'));
  const [reloaded, setReloaded] = useState<Petition | null>(null);
  const loaded = useAsync((signal) => getPetition(code, signal), [code, lang]);
  const petition = reloaded?.code === code ? reloaded : loaded.data;
  const open = petition !== undefined && petition.state.name !== 'answered';
  const dispatch = open && hasRole('leader', 'counter_officer');
  const answer =
    open &&
    hasRole('leader', 'officer', 'counter_officer') &&
    (!petition?.assignee || String(petition.assignee.id) === String(user?.id) || hasRole('leader'));

  return (
    <>
      <Typography.Paragraph>
        <Link to={STAFF_PETITIONS_PATH}>{t('back')}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {petition ? `${petition.code}: ${petition.title}` : code}
      </Typography.Title>
      <ErrorAlert error={loaded.error} />
      {petition ? (
        <>
          <PetitionView petition={petition} staff />
          {answer ? <AnswerCard petition={petition} onDone={setReloaded} /> : null}
          {dispatch ? <AssignCard petition={petition} onDone={setReloaded} /> : null}
          {dispatch ? <TransferCard petition={petition} onDone={setReloaded} /> : null}
        </>
      ) : null}
    </>
  );
}

function useAction<V>(
  form: ReturnType<typeof Form.useForm<V>>[0],
  fields: string[],
  run: (values: V) => Promise<Petition>,
  onDone: (p: Petition) => void,
  success: (p: Petition) => string,
) {
  const tc = useTranslate(commonMessages);
  const { message } = AntdApp.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      const p = await run(values);
      void message.success(success(p));
      onDone(p);
    } catch (e) {
      const rest = applyFieldErrors(form, e, fields);
      if (!(e instanceof ApiError) || e.fieldErrors.length === 0 || rest.length > 0) {
        setError(errorMessage(e, tc));
      }
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

function AnswerCard({ petition, onDone }: { petition: Petition; onDone: (p: Petition) => void }) {
  const t = useTranslate(staffFeedbackMessages);
  const [form] = Form.useForm<{ answer: string; publish: boolean; publicQuestion: string }>();
  const publish = Form.useWatch('publish', form);
  const { busy, error, submit } = useAction(
    form,
    ['answer', 'publicQuestion'],
    (v) =>
      answerPetition(petition.code, {
        answer: v.answer ?? '',
        publish: !!v.publish,
        publicQuestion: v.publicQuestion ?? '',
      }),
    onDone,
    () => t('answered'),
  );
  return (
    <Card style={{ marginTop: 16 }} title={<h2 className="cqdt-card-title">{t('answerTitle')}</h2>}>
      <Form
        form={form}
        name="petition-answer"
        layout="vertical"
        requiredMark={false}
        noValidate
        initialValues={{ publish: false, publicQuestion: petition.title }}
        onFinish={(v) => void submit(v)}
        className="cqdt-feedback-form"
      >
        <Form.Item
          name="answer"
          label={t('answerLabel')}
          rules={[{ required: true, whitespace: true, message: t('answerRequired') }]}
        >
          <Input.TextArea rows={6} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item name="publish" valuePropName="checked">
          <Checkbox>{t('publish')}</Checkbox>
        </Form.Item>
        {publish ? (
          <Form.Item
            name="publicQuestion"
            label={t('publicQuestionLabel')}
            rules={[{ required: true, whitespace: true, message: t('publicQuestionRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        ) : null}
        {error ? (
          <Alert role="alert" type="error" showIcon title={error} style={{ marginBottom: 16 }} />
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('sendAnswer')}
        </Button>
      </Form>
    </Card>
  );
}

function AssignCard({ petition, onDone }: { petition: Petition; onDone: (p: Petition) => void }) {
  const t = useTranslate(staffFeedbackMessages);
  const staff = useAsync((signal) => listStaff(signal), []);
  const [form] = Form.useForm<{ assigneeId?: number }>();
  const { busy, error, submit } = useAction(
    form,
    ['assigneeId'],
    (v) => assignPetition(petition.code, v.assigneeId ?? 0),
    onDone,
    () => t('assigned'),
  );
  const people = (staff.data?.items ?? []).filter(
    (u) =>
      !u.disabled &&
      u.roles.some((r) => r === 'leader' || r === 'officer' || r === 'counter_officer'),
  );
  return (
    <Card style={{ marginTop: 16 }} title={<h2 className="cqdt-card-title">{t('assignTitle')}</h2>}>
      <Form
        form={form}
        name="petition-assign"
        layout="vertical"
        requiredMark={false}
        noValidate
        initialValues={{ assigneeId: petition.assignee?.id }}
        onFinish={(v) => void submit(v)}
        className="cqdt-feedback-form"
      >
        <Form.Item
          name="assigneeId"
          label={t('assigneeLabel')}
          rules={[{ required: true, message: t('assigneeRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={staff.loading}
            options={people.map((u) => ({ value: u.id, label: u.fullName }))}
          />
        </Form.Item>
        {error ? (
          <Alert role="alert" type="error" showIcon title={error} style={{ marginBottom: 16 }} />
        ) : null}
        <Button htmlType="submit" loading={busy}>
          {t('assign')}
        </Button>
      </Form>
    </Card>
  );
}

function TransferCard({ petition, onDone }: { petition: Petition; onDone: (p: Petition) => void }) {
  const t = useTranslate(staffFeedbackMessages);
  const agencies = useAsync((signal) => listAgencies(signal), []);
  const [form] = Form.useForm<{ agencyId?: number; reason?: string }>();
  const { busy, error, submit } = useAction(
    form,
    ['agencyId', 'reason'],
    (v) => transferPetition(petition.code, v.agencyId ?? 0, v.reason ?? ''),
    onDone,
    (p) => t('transferred', { agency: p.agencyName }),
  );
  return (
    <Card
      style={{ marginTop: 16 }}
      title={<h2 className="cqdt-card-title">{t('transferTitle')}</h2>}
    >
      <Form
        form={form}
        name="petition-transfer"
        layout="vertical"
        requiredMark={false}
        noValidate
        onFinish={(v) => void submit(v)}
        className="cqdt-feedback-form"
      >
        <Form.Item
          name="agencyId"
          label={t('transferAgency')}
          rules={[{ required: true, message: t('transferAgencyRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={agencies.loading}
            options={(agencies.data?.items ?? [])
              .filter((a) => a.active && a.id !== petition.agencyId)
              .map((a) => ({ value: a.id, label: a.name }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('transferReason')}
          rules={[{ required: true, whitespace: true, message: t('transferReasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {error ? (
          <Alert role="alert" type="error" showIcon title={error} style={{ marginBottom: 16 }} />
        ) : null}
        <Button htmlType="submit" loading={busy}>
          {t('transfer')}
        </Button>
      </Form>
    </Card>
  );
}
