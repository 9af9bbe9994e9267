import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';

import { applyFieldErrors } from '../../../shared/api/form-errors';
import { ApiError, type FieldError } from '../../../shared/api/client';
import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { formatDay, vnToday } from '../incoming/lib/dates';
import {
  createDelegation,
  type Delegation,
  listColleagues,
  listDelegations,
  revokeDelegation,
  type Right,
  RIGHTS,
} from './api';
import { delegationMessages } from './i18n';

const DATE = 'YYYY-MM-DD';
const DATE_FORMATS = ['DD/MM/YYYY', DATE];
const FIELDS = ['toUserId', 'rights', 'startsOn', 'endsOn', 'reason'] as const;

interface Values {
  toUserId?: number | string;
  rights?: Right[];
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  reason?: string;
}

function stateOf(
  d: Delegation,
  t: ReturnType<typeof useTranslate<(typeof delegationMessages)['vi']>>,
) {
  if (d.revokedAt) {
    return { key: 'revoked', text: t('stateRevoked', { time: formatVnTime(d.revokedAt) }) };
  }
  if (d.active) {
    return { key: 'active', text: t('stateActive') };
  }
  return d.startsOn > vnToday()
    ? { key: 'not-yet', text: t('stateNotYet') }
    : { key: 'ended', text: t('stateEnded') };
}

/** Revoking one delegation: a confirmation with an optional reason. */
function RevokeDialog({
  delegation,
  onClose,
  onDone,
}: {
  delegation: Delegation;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useTranslate(delegationMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldError[]>([]);
  const name = delegation.toName;
  const submit = async ({ reason }: { reason?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await revokeDelegation(delegation.id, reason?.trim() ?? '');
      void message.success(t('revoked'));
      onDone();
    } catch (e) {
      setExtra(applyFieldErrors(form, e, ['reason']));
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('revokeTitle', { name })}
      onCancel={onClose}
      okText={t('revokeConfirm')}
      cancelText={t('cancel')}
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <p>{t('revokeText', { name })}</p>
      {error ? <ErrorAlert error={error} extraErrors={extra} title={t('revokeFailed')} /> : null}
      <Form form={form} name="revoke" layout="vertical" noValidate onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label={t('revokeReason')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * Delegation (`/van-ban/uy-quyen`, leaders): the delegations given or received, a form to
 * delegate receive / assign / sign for a period with a reason, and revocation.
 */
export default function DelegationPage() {
  const t = useTranslate(delegationMessages);
  const tc = useTranslate(commonMessages);
  const { user } = useAuth();
  const { message } = App.useApp();
  useDocumentTitle(t('title'), tc('appName'));
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldError[]>([]);
  const [revoking, setRevoking] = useState<Delegation | null>(null);
  const delegations = useAsync((signal) => listDelegations(signal), []);
  const colleagues = useAsync((signal) => listColleagues(signal), []);

  const required = (field: string) => [{ required: true, message: t('required', { field }) }];

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    setExtra([]);
    try {
      const made = await createDelegation({
        toUserId: values.toUserId ?? '',
        rights: values.rights ?? [],
        startsOn: values.startsOn ? values.startsOn.format(DATE) : undefined,
        endsOn: values.endsOn ? values.endsOn.format(DATE) : '',
        reason: values.reason?.trim() ?? '',
      });
      void message.success(t('created', { name: made.toName }));
      form.resetFields();
      delegations.reload();
    } catch (e) {
      // What the API refuses (deputy, rights, dates, reason) is shown under the field it names.
      const rest = applyFieldErrors(form, e, FIELDS);
      setExtra(rest);
      setError(
        rest.length > 0 || !(e instanceof ApiError) || e.fieldErrors.length === 0 ? e : null,
      );
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<Delegation> = [
    { title: t('colFrom'), dataIndex: 'fromName', key: 'from', width: 170 },
    { title: t('colTo'), dataIndex: 'toName', key: 'to', width: 170 },
    {
      title: t('colRights'),
      key: 'rights',
      width: 220,
      render: (_, d) => (
        <Space size={[4, 4]} wrap>
          {d.rights.map((right, i) => (
            <span key={right} className="cqdt-flag cqdt-flag--state">
              {d.rightLabels[i] || t(`right_${right}`)}
            </span>
          ))}
        </Space>
      ),
    },
    {
      title: t('colPeriod'),
      key: 'period',
      width: 190,
      render: (_, d) => t('period', { from: formatDay(d.startsOn), to: formatDay(d.endsOn) }),
    },
    {
      title: t('colReason'),
      key: 'reason',
      render: (_, d) => (
        <span className="cqdt-wrap-anywhere">
          {d.reason}
          {d.revokeReason ? (
            <div className="cqdt-muted">{t('revokeReasonShown', { reason: d.revokeReason })}</div>
          ) : null}
        </span>
      ),
    },
    {
      title: t('colState'),
      key: 'state',
      width: 230,
      render: (_, d) => {
        const state = stateOf(d, t);
        const mine = user && String(d.fromUserId) === String(user.id);
        return (
          <Space orientation="vertical" size={4} data-delegation-state={state.key}>
            <span>{state.text}</span>
            {mine && !d.revokedAt && state.key !== 'ended' ? (
              <Button
                size="small"
                danger
                aria-label={t('revokeLabel', { name: d.toName })}
                onClick={() => setRevoking(d)}
              >
                {t('revoke')}
              </Button>
            ) : null}
          </Space>
        );
      },
    },
  ];

  const people = (colleagues.data?.items ?? []).filter(
    (c) => !c.disabled && String(c.id) !== String(user?.id ?? ''),
  );

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('title')}
        </Typography.Title>
      </div>
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <Card
        title={
          <h2 className="cqdt-card-title" id="delegation-new">
            {t('newTitle')}
          </h2>
        }
        style={{ marginBottom: 16 }}
      >
        <section aria-labelledby="delegation-new" data-testid="delegation-form">
          {error ? <ErrorAlert error={error} extraErrors={extra} title={t('failed')} /> : null}
          <Form<Values>
            form={form}
            name="delegation"
            layout="vertical"
            noValidate
            requiredMark
            onFinish={(v) => void submit(v)}
          >
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="toUserId" label={t('toUserId')} rules={required(t('toUserId'))}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('toUserPlaceholder')}
                    loading={colleagues.loading}
                    options={people.map((c) => ({
                      value: c.id,
                      label: c.position ? `${c.fullName} – ${c.position}` : c.fullName,
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="rights"
                  label={t('rights')}
                  // A validator, not `required`: antd would put aria-required on the checkbox
                  // group's role="group", which ARIA does not allow (axe: aria-allowed-attr).
                  rules={[
                    {
                      validator: (_, value: Right[] | undefined) =>
                        value && value.length > 0
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('rightsRequired'))),
                    },
                  ]}
                >
                  <Checkbox.Group
                    options={RIGHTS.map((right) => ({ value: right, label: t(`right_${right}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} md={6}>
                <Form.Item name="startsOn" label={t('startsOn')} extra={t('startsOnHelp')}>
                  <DatePicker
                    format={DATE_FORMATS}
                    placeholder={t('datePlaceholder')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} md={6}>
                <Form.Item name="endsOn" label={t('endsOn')} rules={required(t('endsOn'))}>
                  <DatePicker
                    format={DATE_FORMATS}
                    placeholder={t('datePlaceholder')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="reason" label={t('reason')} rules={required(t('reason'))}>
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 5 }}
                    maxLength={1000}
                    placeholder={t('reasonPlaceholder')}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('create')}
            </Button>
          </Form>
        </section>
      </Card>
      <Typography.Title level={2} style={{ fontSize: 18 }} id="delegation-list">
        {t('listTitle')}
      </Typography.Title>
      {delegations.error ? <ErrorAlert error={delegations.error} title={t('loadFailed')} /> : null}
      <Table<Delegation>
        rowKey="id"
        size="middle"
        loading={delegations.loading}
        columns={columns}
        dataSource={delegations.data?.items ?? []}
        scroll={{ x: 1100 }}
        aria-labelledby="delegation-list"
        data-testid="delegation-list"
        locale={{ emptyText: <EmptyState text={t('listEmpty')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
      {revoking ? (
        <RevokeDialog
          delegation={revoking}
          onClose={() => setRevoking(null)}
          onDone={() => {
            setRevoking(null);
            delegations.reload();
          }}
        />
      ) : null}
    </>
  );
}
