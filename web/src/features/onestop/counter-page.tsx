// Quầy và số thứ tự (/mot-cua/quay, issue 12 item 5): the counter officer chooses their counter
// and calls the next number, calls it again or marks its holder absent; the desk's leader adds
// counters with the sectors they serve. Links open the hall's kiosk and display pages.
import { App, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';

import { errorMessage } from '../../shared/api/error-message';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { addCounter, counterDesk, deskAction, listCounters, queueBoard } from './queue-api';
import { queueMessages } from './queue-i18n';
import './onestop.css';

export default function CounterPage() {
  const t = useTranslate(queueMessages);
  const tc = useTranslate(commonMessages);
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  useDocumentTitle(t('counterTitle'), tc('appName'));
  const [version, setVersion] = useState(0);
  const [chosen, setChosen] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string; services?: string[] }>();
  const counters = useAsync((signal) => listCounters(signal), [version]);
  const agencyCode = counters.data?.agencyCode ?? '';
  const board = useAsync(
    (signal) => (agencyCode ? queueBoard(agencyCode, signal) : Promise.resolve(null)),
    [agencyCode],
  );
  const counterId = chosen ?? counters.data?.items[0]?.id ?? null;
  const desk = useAsync(
    (signal) => (counterId ? counterDesk(counterId, signal) : Promise.resolve(null)),
    [counterId, version],
  );

  const act = async (action: 'call-next' | 'recall' | 'absent') => {
    if (!counterId) {
      return;
    }
    setBusy(true);
    try {
      const d = await deskAction(counterId, action);
      if (d.current) {
        void message.success(t('called', { number: d.current.number }));
      }
      setVersion((v) => v + 1);
    } catch (caught) {
      void message.error(errorMessage(caught, tc));
    } finally {
      setBusy(false);
    }
  };

  const add = async (values: { name: string; services?: string[] }) => {
    try {
      const c = await addCounter(values.name, values.services ?? []);
      void message.success(t('added', { name: c.name }));
      form.resetFields();
      setVersion((v) => v + 1);
    } catch (caught) {
      const rest = applyFieldErrors(form, caught, ['name', 'services']);
      if (rest.length > 0 || !(caught instanceof Error)) {
        void message.error(errorMessage(caught, tc));
      }
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('counterTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('counterIntro')}</Typography.Paragraph>
      {counters.error ? <ErrorAlert error={counters.error} title={t('loadFailed')} /> : null}
      {agencyCode ? (
        <Space wrap style={{ marginBottom: 16 }}>
          <a href={`/xep-hang/${encodeURIComponent(agencyCode)}`} target="_blank" rel="noopener">
            {t('kioskLink')}
          </a>
          <a href={`/bang-goi-so/${encodeURIComponent(agencyCode)}`} target="_blank" rel="noopener">
            {t('displayLink')}
          </a>
        </Space>
      ) : null}
      {counters.data && counters.data.items.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('noCounters')}</Typography.Paragraph>
      ) : null}
      {counters.data && counters.data.items.length > 0 ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 640 }}>
          <Space wrap>
            <label htmlFor="queue-counter">{t('counterLabel')}</label>
            <Select
              id="queue-counter"
              style={{ width: 240 }}
              value={counterId}
              onChange={(v: number) => setChosen(v)}
              options={counters.data.items.map((c) => ({ value: c.id, label: c.name }))}
            />
          </Space>
          {desk.error ? <ErrorAlert error={desk.error} title={t('loadFailed')} /> : null}
          {desk.data ? (
            <Card>
              <Typography.Paragraph type="secondary">{t('current')}</Typography.Paragraph>
              <p className="cqdt-queue-number" aria-live="polite">
                {desk.data.current ? t('number', { number: desk.data.current.number }) : t('none')}
              </p>
              {desk.data.current?.serviceName ? (
                <Typography.Paragraph>{desk.data.current.serviceName}</Typography.Paragraph>
              ) : null}
              <Typography.Paragraph>
                {t('waiting', { count: desk.data.waiting })}
              </Typography.Paragraph>
              {hasRole('counter_officer') ? (
                <Space wrap>
                  <Button type="primary" loading={busy} onClick={() => void act('call-next')}>
                    {t('callNext')}
                  </Button>
                  <Button disabled={!desk.data.current || busy} onClick={() => void act('recall')}>
                    {t('recall')}
                  </Button>
                  <Button disabled={!desk.data.current || busy} onClick={() => void act('absent')}>
                    {t('absent')}
                  </Button>
                </Space>
              ) : null}
            </Card>
          ) : null}
        </Space>
      ) : null}
      {hasRole('leader', 'admin') ? (
        <section aria-labelledby="queue-add" style={{ marginTop: 32, maxWidth: 640 }}>
          <Typography.Title level={2} style={{ fontSize: 18 }} id="queue-add">
            {t('addTitle')}
          </Typography.Title>
          <Form form={form} layout="vertical" noValidate onFinish={(v) => void add(v)}>
            <Form.Item
              name="name"
              label={t('addName')}
              rules={[{ required: true, whitespace: true, message: t('addNameRequired') }]}
            >
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="services" label={t('addServices')}>
              <Select
                mode="multiple"
                allowClear
                options={(board.data?.services ?? []).map((s) => ({
                  value: s.code,
                  label: s.name,
                }))}
              />
            </Form.Item>
            <Button htmlType="submit">{t('addButton')}</Button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
