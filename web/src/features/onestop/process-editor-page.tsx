// The step editor (/mot-cua/thu-tuc/:code/quy-trinh, admins; issue 12 item 1): the internal
// process of a procedure as ordered steps, each with its performer and allotted working hours,
// the total shown live against every deadline counted in working hours. Saving publishes a new
// version of the procedure from the chosen day (dossiers already received keep theirs).
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { App as AntdApp, Button, Card, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { PageLoader } from '../../shared/ui/page-loader';
import {
  getProcedure,
  PERFORMERS,
  type Procedure,
  type ProcessFit,
  type ProcessStep,
  publishProcedure,
} from './api';
import { onestopMessages } from './i18n';
import { procedurePath } from './paths';
import { ProcessFits } from './procedure-page';

/** Today in Vietnam (UTC+7), YYYY-MM-DD. */
function vnToday(): string {
  return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
}

/** The process total against each deadline in working hours (as the server computes it). */
function fitsOf(p: Procedure, steps: ProcessStep[]): { hours: number; fits: ProcessFit[] } {
  const hours = Math.round(steps.reduce((sum, s) => sum + (s.hours || 0), 0) * 100) / 100;
  const fits: ProcessFit[] = [];
  for (const c of p.channels) {
    const deadline =
      c.deadline.unit === 'working_days'
        ? c.deadline.amount * 8
        : c.deadline.unit === 'working_hours'
          ? c.deadline.amount
          : null;
    if (deadline !== null) {
      fits.push({
        channel: c.channel,
        channelLabel: c.channelLabel,
        deadlineHours: deadline,
        processHours: hours,
        fits: hours <= deadline + 1e-9,
      });
    }
  }
  return { hours, fits };
}

export default function ProcessEditorPage() {
  const t = useTranslate(onestopMessages);
  const tc = useTranslate(commonMessages);
  const { message } = AntdApp.useApp();
  const navigate = useNavigate();
  const code = useParams().code ?? '';
  const loaded = useAsync((signal) => getProcedure(code, signal), [code]);
  const p = loaded.data;
  const [steps, setSteps] = useState<ProcessStep[] | null>(null);
  const [from, setFrom] = useState(vnToday());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [problems, setProblems] = useState<string[]>([]);
  useDocumentTitle(p ? t('editorTitle', { name: p.name }) : t('listTitle'), tc('appName'));

  if (loaded.loading && !p) {
    return <PageLoader label={tc('loading')} />;
  }
  if (!p) {
    return <ErrorAlert error={loaded.error} title={t('loadFailed')} />;
  }
  const current = steps ?? p.process.map((s) => ({ ...s }));
  const change = (next: ProcessStep[]) => setSteps(next);
  const update = (i: number, patch: Partial<ProcessStep>) =>
    change(current.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) => {
    const next = [...current];
    const [step] = next.splice(i, 1);
    if (step) {
      next.splice(i + by, 0, step);
    }
    change(next);
  };
  const { hours, fits } = fitsOf(p, current);

  const save = async () => {
    const local: string[] = [];
    current.forEach((s, i) => {
      if (!s.name.trim()) {
        local.push(t('stepNameRequired', { n: i + 1 }));
      }
      if (!(s.hours > 0)) {
        local.push(t('stepHoursInvalid', { n: i + 1 }));
      }
    });
    setProblems(local);
    if (local.length > 0) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const process = current.map((s) => ({
        name: s.name.trim(),
        performer: s.performer,
        hours: s.hours,
      }));
      const published = await publishProcedure({ ...p, process }, from);
      void message.success(t('saved', { outcome: published.outcomeLabel }));
      void navigate(procedurePath(p.code));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Link to={procedurePath(p.code)}>{p.name}</Link>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('editorTitle', { name: p.name })}
        </Typography.Title>
        <Typography.Paragraph>{t('editorIntro')}</Typography.Paragraph>
      </div>
      <Card>
        <ol className="cqdt-steps" style={{ paddingLeft: 20, margin: 0 }}>
          {current.map((s, i) => (
            <li key={i} style={{ marginBottom: 16 }}>
              <Space wrap align="start">
                <Input
                  aria-label={t('stepName', { n: i + 1 })}
                  style={{ width: 340, maxWidth: '80vw' }}
                  value={s.name}
                  maxLength={300}
                  onChange={(e) => update(i, { name: e.target.value })}
                />
                <Select
                  aria-label={t('stepPerformer', { n: i + 1 })}
                  style={{ width: 230 }}
                  value={s.performer}
                  onChange={(v) => update(i, { performer: v })}
                  options={PERFORMERS.map((v) => ({ value: v, label: t(`performer_${v}`) }))}
                />
                <InputNumber
                  aria-label={t('stepHours', { n: i + 1 })}
                  min={0.25}
                  max={2000}
                  step={0.5}
                  value={s.hours}
                  onChange={(v) => update(i, { hours: typeof v === 'number' ? v : 0 })}
                />
                <Button
                  icon={<ArrowUpOutlined aria-hidden />}
                  aria-label={t('moveUp', { n: i + 1 })}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                />
                <Button
                  icon={<ArrowDownOutlined aria-hidden />}
                  aria-label={t('moveDown', { n: i + 1 })}
                  disabled={i === current.length - 1}
                  onClick={() => move(i, 1)}
                />
                <Button
                  danger
                  icon={<DeleteOutlined aria-hidden />}
                  aria-label={t('removeStep', { n: i + 1 })}
                  onClick={() => change(current.filter((_, j) => j !== i))}
                />
              </Space>
            </li>
          ))}
        </ol>
        <Button
          icon={<PlusOutlined aria-hidden />}
          disabled={current.length >= 50}
          onClick={() => change([...current, { name: '', performer: 'officer', hours: 1 }])}
        >
          {t('addStep')}
        </Button>
      </Card>
      <Card>
        <div aria-live="polite">
          <ProcessFits p={{ processHours: hours, processFits: fits }} />
        </div>
      </Card>
      <Card>
        <Space wrap align="end">
          <Space orientation="vertical" size={4}>
            <label htmlFor="process-from">{t('effectiveFrom')}</label>
            <Input
              id="process-from"
              type="date"
              value={from}
              min={vnToday()}
              onChange={(e) => setFrom(e.target.value)}
            />
          </Space>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('save')}
          </Button>
        </Space>
        {problems.length > 0 ? (
          <ul role="alert" style={{ marginTop: 12 }}>
            {problems.map((m) => (
              <li key={m}>
                <Typography.Text type="danger">{m}</Typography.Text>
              </li>
            ))}
          </ul>
        ) : null}
        {error ? (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={error} />
          </div>
        ) : null}
      </Card>
    </Space>
  );
}
