import { Alert, Card, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import type { SelectProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';

import { useAuth } from '../../../../shared/auth/use-auth';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { addWorkingDays, type IncomingAction, listColleagues, listUnits } from '../api/incoming';
import type {
  Assignment,
  AssignmentRole,
  Colleague,
  IncomingDocumentDetail,
  Unit,
} from '../api/types';
import { incomingMessages, type IncomingTranslate } from '../i18n';
import { ActionForm } from './action-form';
import {
  ExtensionDecisionForm,
  ForwardForm,
  openAssignmentOf,
  pendingExtensions,
} from './processing-actions';
import { formatDay, vnToday } from '../lib/dates';

const DATE = 'YYYY-MM-DD';
const DATE_FORMATS = ['DD/MM/YYYY', DATE];

/** Which actions the signed-in person has on the document (the server decides again). */
export interface Allowed {
  submit: boolean;
  assign: boolean;
  accept: boolean;
  comment: boolean;
  extension: boolean;
  complete: boolean;
  return: boolean;
  forward: boolean;
  decide: boolean;
}

/**
 * The client's mirror of the incoming state machine (testdata/incoming_transitions.txt) and of
 * who acts: it only chooses which forms to show; the server checks every action again.
 */
export function allowedActions(
  doc: IncomingDocumentDetail,
  userId: string | number | undefined,
  hasRole: (...roles: ('clerk' | 'leader')[]) => boolean,
): Allowed {
  const mine: Assignment | undefined = doc.assignments.find(
    (a) => String(a.userId) === String(userId) && a.state !== 'returned',
  );
  const leader = hasRole('leader');
  const state = doc.state;
  return {
    submit: hasRole('clerk') && (state === 'registered' || state === 'returned'),
    // A leader who holds an assignment on it (a unit head) passes it on instead (forward).
    assign: leader && !mine && (state === 'submitted' || state === 'assigned'),
    accept: !!mine && state === 'assigned' && mine.state === 'assigned',
    comment: state !== 'completed' && (leader || !!mine),
    extension:
      !!mine &&
      (state === 'assigned' || state === 'in_progress') &&
      mine.state !== 'completed' &&
      mine.role !== 'info',
    complete: !!mine && mine.role === 'lead' && state === 'in_progress',
    return:
      (leader && (state === 'submitted' || state === 'assigned')) ||
      (!!mine && state === 'assigned'),
    forward: !!openAssignmentOf(doc, userId),
    decide: pendingExtensions(doc, userId, leader).length > 0,
  };
}

export function hasAnyAction(allowed: Allowed): boolean {
  return Object.values(allowed).some(Boolean);
}

function personLabel(person: Colleague): string {
  return person.position ? `${person.fullName} – ${person.position}` : person.fullName;
}

// The assign form picks units and persons in one list: "u:<id>" a unit (its head receives the
// assignment), "p:<id>" a person.
type AssigneeKey = string;

interface AssignValues {
  instruction?: string;
  lead?: AssigneeKey;
  coordinate?: AssigneeKey[];
  info?: AssigneeKey[];
  dueMode: 'days' | 'date' | 'none';
  dueInWorkingDays?: number | null;
  dueDate?: Dayjs | null;
}

/** The due date N working days from today, as the API's calendar computes it. */
function DuePreview({ days, t }: { days: number | null | undefined; t: IncomingTranslate }) {
  const valid = typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 365;
  const due = useAsync(
    (signal) => addWorkingDays(vnToday(), days ?? 0, signal),
    [days ?? 0],
    valid,
  );
  if (!valid) {
    return null;
  }
  return (
    <p aria-live="polite" data-testid="due-preview">
      {due.data && !due.loading
        ? t('assignDuePreview', { date: formatDay(due.data.due) })
        : t('assignDuePreviewLoading')}
    </p>
  );
}

function AssignFields({
  people,
  units,
  t,
}: {
  people: Colleague[];
  units: Unit[];
  t: IncomingTranslate;
}) {
  const form = Form.useFormInstance<AssignValues>();
  const mode = Form.useWatch('dueMode', form);
  const days = Form.useWatch('dueInWorkingDays', form);
  const personOptions = people.map((person) => ({
    value: `p:${person.id}`,
    label: personLabel(person),
  }));
  const options: SelectProps['options'] =
    units.length > 0
      ? [
          {
            label: t('assignGroupUnits'),
            title: t('assignGroupUnits'),
            options: units.map((unit) => ({
              value: `u:${unit.id}`,
              label: t('assignUnitOption', { name: unit.name }),
            })),
          },
          { label: t('assignGroupPeople'), title: t('assignGroupPeople'), options: personOptions },
        ]
      : personOptions;
  const required = (field: string) => [{ required: true, message: t('required', { field }) }];
  return (
    <>
      <Form.Item name="instruction" label={t('assignInstruction')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <p className="cqdt-muted">{t('assignUnitsHint')}</p>
      <Form.Item name="lead" label={t('assignLead')} rules={required(t('assignLead'))}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={options}
          placeholder={t('assignPeoplePlaceholder')}
        />
      </Form.Item>
      <Form.Item name="coordinate" label={t('assignCoordinate')}>
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={options}
          placeholder={t('assignPeoplePlaceholder')}
        />
      </Form.Item>
      <Form.Item name="info" label={t('assignInfo')}>
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={options}
          placeholder={t('assignPeoplePlaceholder')}
        />
      </Form.Item>
      <Form.Item name="dueMode" label={t('assignDueMode')}>
        <Radio.Group>
          <Radio value="days">{t('assignDueWorkingDays')}</Radio>
          <Radio value="date">{t('assignDueDate')}</Radio>
          <Radio value="none">{t('assignDueNone')}</Radio>
        </Radio.Group>
      </Form.Item>
      {mode === 'days' ? (
        <>
          <Form.Item
            name="dueInWorkingDays"
            label={t('assignWorkingDays')}
            rules={required(t('assignWorkingDays'))}
          >
            <InputNumber min={1} max={365} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <DuePreview days={days} t={t} />
        </>
      ) : null}
      {mode === 'date' ? (
        <Form.Item name="dueDate" label={t('assignDueOn')} rules={required(t('assignDueOn'))}>
          <DatePicker
            format={DATE_FORMATS}
            placeholder={t('datePlaceholder')}
            style={{ width: '100%' }}
          />
        </Form.Item>
      ) : null}
    </>
  );
}

function toAssign(values: AssignValues): IncomingAction {
  const assignees: ({ userId: number } | { unitId: number })[] = [];
  const roles: AssignmentRole[] = [];
  const seen = new Set<string>();
  const add = (key: AssigneeKey | undefined, role: AssignmentRole) => {
    if (key === undefined || seen.has(key)) {
      return;
    }
    seen.add(key);
    const id = Number(key.slice(2));
    assignees.push(key.startsWith('u:') ? { unitId: id } : { userId: id });
    roles.push(role);
  };
  add(values.lead, 'lead');
  (values.coordinate ?? []).forEach((id) => add(id, 'coordinate'));
  (values.info ?? []).forEach((id) => add(id, 'info'));
  return {
    action: 'assign',
    body: {
      instruction: values.instruction?.trim() || undefined,
      assignees: assignees.map((a, i) => ({ ...a, role: roles[i] ?? 'info' })),
      dueInWorkingDays:
        values.dueMode === 'days' ? (values.dueInWorkingDays ?? undefined) : undefined,
      dueDate:
        values.dueMode === 'date' && values.dueDate ? values.dueDate.format(DATE) : undefined,
    },
  };
}

/**
 * The actions the signed-in person has on the document, each a small form. Every action sends
 * the version read as If-Match; when someone else acted first (412), the page says so and offers
 * to reload instead of guessing.
 */
export function DocumentActions({
  doc,
  onChanged,
  onStale,
}: {
  doc: IncomingDocumentDetail;
  onChanged: () => void;
  onStale: () => void;
}) {
  const t = useTranslate(incomingMessages);
  const { user, hasRole } = useAuth();
  const allowed = allowedActions(doc, user?.id, hasRole);
  const needPeople = allowed.submit || allowed.assign || allowed.forward;
  const colleagues = useAsync((signal) => listColleagues(signal), [], needPeople);
  const units = useAsync(
    (signal) => listUnits(doc.agencyId, signal),
    [doc.agencyId],
    allowed.assign,
  );
  const mine = openAssignmentOf(doc, user?.id);
  const myUnitId = colleagues.data?.items.find((p) => String(p.id) === String(user?.id))?.unitId;
  const extensions = pendingExtensions(doc, user?.id, hasRole('leader'));
  const active = useMemo(
    () => (colleagues.data?.items ?? []).filter((person) => !person.disabled),
    [colleagues.data],
  );
  const leaders = active.filter((person) => person.roles.includes('leader'));
  const common = { doc, onDone: onChanged, onStale };
  const text = (max: number) => (
    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={max} />
  );
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('required', { field }) },
  ];

  if (!hasAnyAction(allowed)) {
    return (
      <Card title={<h2 className="cqdt-card-title">{t('sectionActions')}</h2>}>
        <p className="cqdt-muted" data-testid="no-actions">
          {t('noActions')}
        </p>
      </Card>
    );
  }

  return (
    <Card
      title={<h2 className="cqdt-card-title">{t('sectionActions')}</h2>}
      className="cqdt-incoming-actions"
    >
      {colleagues.error ? <ErrorAlert error={colleagues.error} /> : null}
      {doc.state === 'returned' && allowed.submit ? (
        <Alert type="warning" showIcon title={t('resubmitHint')} style={{ marginBottom: 16 }} />
      ) : null}
      <div className="cqdt-incoming-action-list">
        {allowed.accept ? (
          <ActionForm<object>
            {...common}
            title={t('acceptButton')}
            testId="accept"
            fields={[]}
            submitText={t('acceptButton')}
            doneText={t('acceptDone')}
            toAction={() => ({ action: 'accept' })}
          />
        ) : null}
        {allowed.submit ? (
          <ActionForm<{ leaderId?: number }>
            {...common}
            title={t('submitTitle')}
            testId="submit"
            fields={['leaderId']}
            submitText={t('submitButton')}
            doneText={t('submitDone')}
            toAction={(values) => ({ action: 'submit', body: { leaderId: values.leaderId ?? 0 } })}
          >
            <Form.Item
              name="leaderId"
              label={t('submitLeader')}
              rules={[{ required: true, message: t('required', { field: t('submitLeader') }) }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={colleagues.loading}
                placeholder={t('submitLeaderPlaceholder')}
                options={leaders.map((person) => ({
                  value: person.id,
                  label: personLabel(person),
                }))}
              />
            </Form.Item>
          </ActionForm>
        ) : null}
        {allowed.assign ? (
          <ActionForm<AssignValues>
            {...common}
            title={t('assignTitle')}
            testId="assign"
            fields={['instruction', 'lead', 'dueInWorkingDays', 'dueDate']}
            fieldMap={{ assignees: 'lead' }}
            submitText={t('assignButton')}
            doneText={t('assignDone')}
            initialValues={{ dueMode: 'days', dueInWorkingDays: 5 }}
            toAction={toAssign}
          >
            <AssignFields people={active} units={units.data?.items ?? []} t={t} />
          </ActionForm>
        ) : null}
        {allowed.forward && mine ? (
          <ForwardForm
            doc={doc}
            mine={mine}
            people={active}
            myUnitId={myUnitId}
            t={t}
            onDone={onChanged}
            onStale={onStale}
          />
        ) : null}
        {extensions.map((item) => (
          <ExtensionDecisionForm
            key={item.id}
            doc={doc}
            item={item}
            t={t}
            onDone={onChanged}
            onStale={onStale}
          />
        ))}
        {allowed.complete ? (
          <ActionForm<{ note: string }>
            {...common}
            title={t('completeTitle')}
            testId="complete"
            fields={['note']}
            submitText={t('completeButton')}
            doneText={t('completeDone')}
            toAction={(values) => ({ action: 'complete', body: { note: values.note.trim() } })}
          >
            <Form.Item name="note" label={t('completeNote')} rules={required(t('completeNote'))}>
              {text(2000)}
            </Form.Item>
          </ActionForm>
        ) : null}
        {allowed.comment ? (
          <ActionForm<{ text: string }>
            {...common}
            title={t('commentTitle')}
            testId="comment"
            fields={['text']}
            submitText={t('commentButton')}
            doneText={t('commentDone')}
            toAction={(values) => ({ action: 'comments', body: { text: values.text.trim() } })}
          >
            <Form.Item name="text" label={t('commentText')} rules={required(t('commentText'))}>
              {text(2000)}
            </Form.Item>
          </ActionForm>
        ) : null}
        {allowed.extension ? (
          <ActionForm<{ reason: string; dueDate?: Dayjs | null }>
            {...common}
            title={t('extensionTitle')}
            testId="extension"
            fields={['reason', 'dueDate']}
            submitText={t('extensionButton')}
            doneText={t('extensionDone')}
            toAction={(values) => ({
              action: 'extension',
              body: { reason: values.reason.trim(), dueDate: values.dueDate?.format(DATE) ?? '' },
            })}
          >
            <Form.Item
              name="reason"
              label={t('extensionReason')}
              rules={required(t('extensionReason'))}
            >
              {text(1000)}
            </Form.Item>
            <Form.Item
              name="dueDate"
              label={t('extensionDueDate')}
              rules={[{ required: true, message: t('required', { field: t('extensionDueDate') }) }]}
            >
              <DatePicker
                format={DATE_FORMATS}
                placeholder={t('datePlaceholder')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </ActionForm>
        ) : null}
        {allowed.return ? (
          <ActionForm<{ reason: string }>
            {...common}
            title={t('returnTitle')}
            testId="return"
            fields={['reason']}
            submitText={t('returnButton')}
            doneText={t('returnDone')}
            danger
            toAction={(values) => ({ action: 'return', body: { reason: values.reason.trim() } })}
          >
            <Form.Item
              name="reason"
              label={t('returnReason')}
              extra={t('returnReasonHint')}
              rules={required(t('returnReason'))}
            >
              {text(1000)}
            </Form.Item>
          </ActionForm>
        ) : null}
      </div>
    </Card>
  );
}
