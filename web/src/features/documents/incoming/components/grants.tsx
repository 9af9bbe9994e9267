// Who else may read a confidential incoming document (decision 0009): the route (clerk, leaders
// submitted to, assignees) sees it; a leader of the agency gives others read access with a
// reason and takes it back. Every view of the document is audited by the server.
import { App, Button, Card, Form, Input, List, Select, Space } from 'antd';
import { useMemo, useState } from 'react';

import { ApiError } from '../../../../shared/api/client';
import { applyFieldErrors } from '../../../../shared/api/form-errors';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { giveGrant, listColleagues, listGrants, revokeGrant } from '../api/incoming';
import type { IncomingDocumentDetail } from '../api/types';
import { incomingMessages } from '../i18n';

export function GrantsPanel({ doc }: { doc: IncomingDocumentDetail }) {
  const t = useTranslate(incomingMessages);
  const { message } = App.useApp();
  const grants = useAsync((signal) => listGrants(doc.id, signal), [doc.id]);
  const people = useAsync((signal) => listColleagues(signal), []);
  const [form] = Form.useForm<{ userId?: number; reason?: string }>();
  const [revokeReason, setRevokeReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const granted = useMemo(
    () => new Set((grants.data?.items ?? []).map((g) => g.userId)),
    [grants.data],
  );
  const options = (people.data?.items ?? [])
    .filter((p) => !p.disabled && !granted.has(p.id))
    .map((p) => ({
      value: p.id,
      label: p.position ? `${p.fullName} – ${p.position}` : p.fullName,
    }));

  const give = async (values: { userId?: number; reason?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await giveGrant(doc.id, { userId: values.userId ?? 0, reason: values.reason?.trim() ?? '' });
      void message.success(t('grantGiven'));
      form.resetFields();
      grants.reload();
    } catch (caught) {
      const unmatched = applyFieldErrors(form, caught, ['userId', 'reason']);
      const onFields = caught instanceof ApiError && caught.fieldErrors.length > unmatched.length;
      if (!onFields || unmatched.length > 0) {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (userId: number) => {
    setError(null);
    if (!revokeReason.trim()) {
      setError(new Error(t('grantRevokeReasonRequired')));
      return;
    }
    try {
      await revokeGrant(doc.id, userId, revokeReason.trim());
      void message.success(t('grantRevoked'));
      setRevokeReason('');
      grants.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  // Only a leader of the agency may manage grants (403 for anyone else): say nothing then.
  if (grants.error && !grants.data) {
    return null;
  }
  return (
    <Card title={<h2 className="cqdt-card-title">{t('grantsTitle')}</h2>} data-testid="grants">
      <p className="cqdt-muted">{t('grantsIntro')}</p>
      {error ? <ErrorAlert error={error} /> : null}
      {(grants.data?.items ?? []).length === 0 ? (
        <EmptyState text={t('grantsEmpty')} />
      ) : (
        <>
          <Input
            aria-label={t('grantRevokeReason')}
            placeholder={t('grantRevokeReason')}
            value={revokeReason}
            maxLength={1000}
            onChange={(e) => setRevokeReason(e.target.value)}
            style={{ marginBottom: 8 }}
          />
          <List
            size="small"
            dataSource={grants.data?.items ?? []}
            rowKey="userId"
            renderItem={(g) => (
              <List.Item
                actions={[
                  <Button
                    key="revoke"
                    size="small"
                    danger
                    aria-label={t('grantRevokeNamed', { name: g.fullName })}
                    onClick={() => void revoke(g.userId)}
                  >
                    {t('grantRevoke')}
                  </Button>,
                ]}
              >
                <Space orientation="vertical" size={2}>
                  <strong>{g.fullName}</strong>
                  <span className="cqdt-muted">
                    {t('grantBy', {
                      name: g.grantedByName,
                      time: formatVnTime(g.grantedAt),
                    })}
                  </span>
                  <span className="cqdt-wrap-anywhere">{g.reason}</span>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
      <Form form={form} layout="vertical" noValidate onFinish={(v) => void give(v)}>
        <Form.Item
          name="userId"
          label={t('grantPerson')}
          rules={[{ required: true, message: t('required', { field: t('grantPerson') }) }]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={options} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('grantReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('required', { field: t('grantReason') }),
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={1000} />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t('grantButton')}
        </Button>
      </Form>
    </Card>
  );
}
