// "In sổ" on the register pages: choose one of the agency's registers of this direction, a period
// and PDF or Excel, and download the book in the layout of Decree 30/2020 Appendix IV.
import { PrinterOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Modal, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { useAuth } from '../../../shared/auth/use-auth';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { downloadRegister, type ExportFormat, listRegisters, saveBlob } from './api';
import { reportsMessages } from './i18n';

const DAY = 'YYYY-MM-DD';

function vnToday(): Dayjs {
  return dayjs(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10));
}

export function RegisterExportButton({ direction }: { direction: 'incoming' | 'outgoing' }) {
  const t = useTranslate(reportsMessages);
  const { user } = useAuth();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const agencyId = Number(user?.agencyId ?? 0);
  const registers = useAsync(
    (signal) =>
      open && agencyId > 0 ? listRegisters(agencyId, signal) : Promise.resolve({ items: [] }),
    [open, agencyId],
  );
  const choices = (registers.data?.items ?? []).filter((r) => r.direction === direction);
  const [registerId, setRegisterId] = useState<number | undefined>(undefined);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [vnToday().startOf('year'), vnToday()]);
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = registerId ?? choices[0]?.id;

  async function download() {
    if (chosen === undefined) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await downloadRegister(
        chosen,
        format,
        range[0].format(DAY),
        range[1].format(DAY),
      );
      saveBlob(answer, `so-van-ban.${format}`);
      void message.success(t('downloaded'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button icon={<PrinterOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {t('exportRegister')}
      </Button>
      <Modal
        open={open}
        title={t('exportTitle')}
        onCancel={() => setOpen(false)}
        footer={[
          <Button key="cancel" onClick={() => setOpen(false)}>
            {t('cancel')}
          </Button>,
          <Button
            key="download"
            type="primary"
            loading={busy}
            disabled={chosen === undefined}
            onClick={() => void download()}
          >
            {t('download')}
          </Button>,
        ]}
      >
        <Typography.Paragraph type="secondary">{t('exportIntro')}</Typography.Paragraph>
        <ErrorAlert error={registers.error ?? error} />
        <Form layout="vertical" noValidate>
          <Form.Item label={t('register')} htmlFor="export-register">
            <Select
              id="export-register"
              loading={registers.loading}
              value={chosen}
              onChange={setRegisterId}
              options={choices.map((r) => ({ value: r.id, label: r.name }))}
            />
          </Form.Item>
          <Form.Item label={t('period')} htmlFor="export-period">
            <DatePicker.RangePicker
              id={{ start: 'export-period', end: 'export-period-end' }}
              value={range}
              format="DD/MM/YYYY"
              allowClear={false}
              style={{ width: '100%' }}
              onChange={(v) => {
                if (v?.[0] && v[1]) {
                  setRange([v[0], v[1]]);
                }
              }}
            />
          </Form.Item>
          <Form.Item label={t('format')}>
            <Radio.Group
              value={format}
              onChange={(e) => setFormat(e.target.value as ExportFormat)}
              options={[
                { value: 'pdf', label: t('pdf') },
                { value: 'xlsx', label: t('xlsx') },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
