// The steps after the leader's assignment (docs/api.md "Incoming documents"): the holder of an
// open assignment forwards it inside their unit (a unit head to its officers, an officer to
// colleagues for coordination or information), and whoever made an assignment decides on an
// extension the assignee asked for. The server checks every scope again; these forms only
// offer what it would accept.
import { DatePicker, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';

import type { Assignment, AssignmentRole, Colleague, IncomingDocumentDetail } from '../api/types';
import type { IncomingTranslate } from '../i18n';
import { formatDay } from '../lib/dates';
import { ActionForm } from './action-form';

const DATE = 'YYYY-MM-DD';
const DATE_FORMATS = ['DD/MM/YYYY', DATE];

const OPEN_STATES = new Set(['assigned', 'accepted', 'extension_requested']);

/** The caller's newest assignment that is still open (the one a forward hands on). */
export function openAssignmentOf(
  doc: IncomingDocumentDetail,
  userId: string | number | undefined,
): Assignment | undefined {
  if (doc.state !== 'assigned' && doc.state !== 'in_progress') {
    return undefined;
  }
  const mine = doc.assignments.filter(
    (a) => String(a.userId) === String(userId) && OPEN_STATES.has(a.state),
  );
  return mine.sort((a, b) => b.id - a.id)[0];
}

/** Extensions asked for that the caller may decide on: a leader, or whoever assigned. */
export function pendingExtensions(
  doc: IncomingDocumentDetail,
  userId: string | number | undefined,
  leader: boolean,
): Assignment[] {
  return doc.assignments.filter(
    (a) =>
      a.state === 'extension_requested' &&
      (leader || (a.assignedBy !== null && String(a.assignedBy) === String(userId))),
  );
}

function personLabel(person: Colleague): string {
  return person.position ? `${person.fullName} – ${person.position}` : person.fullName;
}

interface ForwardValues {
  instruction?: string;
  lead?: number;
  coordinate?: number[];
  info?: number[];
  dueDate?: Dayjs | null;
}

/**
 * Forward the caller's open assignment. A unit head holding the unit's lead names one lead
 * officer; anyone else (an officer, or a unit only coordinating) passes on for coordination or
 * information only, as the server allows.
 */
export function ForwardForm({
  doc,
  mine,
  people,
  myUnitId,
  t,
  onDone,
  onStale,
}: {
  doc: IncomingDocumentDetail;
  mine: Assignment;
  people: Colleague[];
  myUnitId: number | null | undefined;
  t: IncomingTranslate;
  onDone: () => void;
  onStale: () => void;
}) {
  const canLead = mine.role === 'lead' && !!mine.unitId;
  const options = people
    .filter(
      (p) =>
        String(p.id) !== String(mine.userId) &&
        myUnitId !== null &&
        myUnitId !== undefined &&
        p.unitId === myUnitId,
    )
    .map((p) => ({ value: p.id, label: personLabel(p) }));
  const toAction = (values: ForwardValues) => {
    const assignees: { userId: number; role: AssignmentRole }[] = [];
    const seen = new Set<number>();
    const add = (userId: number | undefined, role: AssignmentRole) => {
      if (userId !== undefined && !seen.has(userId)) {
        seen.add(userId);
        assignees.push({ userId, role });
      }
    };
    add(values.lead, 'lead');
    (values.coordinate ?? []).forEach((id) => add(id, 'coordinate'));
    (values.info ?? []).forEach((id) => add(id, 'info'));
    return {
      action: 'forward' as const,
      body: {
        assignmentId: mine.id,
        instruction: values.instruction?.trim() || undefined,
        assignees,
        dueDate: values.dueDate ? values.dueDate.format(DATE) : undefined,
      },
    };
  };
  const required = (field: string) => [{ required: true, message: t('required', { field }) }];
  return (
    <ActionForm<ForwardValues>
      doc={doc}
      onDone={onDone}
      onStale={onStale}
      title={t('forwardTitle')}
      testId="forward"
      fields={['instruction', 'lead', 'coordinate', 'dueDate']}
      fieldMap={{ assignees: canLead ? 'lead' : 'coordinate' }}
      submitText={t('forwardButton')}
      doneText={t('forwardDone')}
      toAction={toAction}
    >
      <p className="cqdt-muted">{canLead ? t('forwardIntroHead') : t('forwardIntroOfficer')}</p>
      <Form.Item name="instruction" label={t('assignInstruction')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      {canLead ? (
        <Form.Item name="lead" label={t('assignLead')} rules={required(t('assignLead'))}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            placeholder={t('assignPeoplePlaceholder')}
            notFoundContent={t('forwardNoColleagues')}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="coordinate" label={t('assignCoordinate')}>
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={options}
          placeholder={t('assignPeoplePlaceholder')}
          notFoundContent={t('forwardNoColleagues')}
        />
      </Form.Item>
      <Form.Item name="info" label={t('assignInfo')}>
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={options}
          placeholder={t('assignPeoplePlaceholder')}
          notFoundContent={t('forwardNoColleagues')}
        />
      </Form.Item>
      <Form.Item
        name="dueDate"
        label={t('forwardDueDate')}
        extra={
          mine.dueDate
            ? t('forwardDueDefault', { date: formatDay(mine.dueDate) })
            : t('forwardDueNone')
        }
      >
        <DatePicker
          format={DATE_FORMATS}
          placeholder={t('datePlaceholder')}
          style={{ width: '100%' }}
        />
      </Form.Item>
    </ActionForm>
  );
}

interface DecisionValues {
  decision: 'approve' | 'refuse';
  reason?: string;
}

function DecisionFields({ t }: { t: IncomingTranslate }) {
  const form = Form.useFormInstance<DecisionValues>();
  const decision = Form.useWatch('decision', form);
  return (
    <>
      <Form.Item name="decision" label={t('decisionLabel')}>
        <Radio.Group>
          <Radio value="approve">{t('decisionApprove')}</Radio>
          <Radio value="refuse">{t('decisionRefuse')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="reason"
        label={decision === 'refuse' ? t('decisionReasonRequired') : t('decisionReason')}
        rules={
          decision === 'refuse'
            ? [
                {
                  required: true,
                  whitespace: true,
                  message: t('required', { field: t('decisionReasonRequired') }),
                },
              ]
            : []
        }
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
      </Form.Item>
    </>
  );
}

/** Approve (the requested date becomes the due date) or refuse (with a reason) an extension. */
export function ExtensionDecisionForm({
  doc,
  item,
  t,
  onDone,
  onStale,
}: {
  doc: IncomingDocumentDetail;
  item: Assignment;
  t: IncomingTranslate;
  onDone: () => void;
  onStale: () => void;
}) {
  return (
    <ActionForm<DecisionValues>
      doc={doc}
      onDone={onDone}
      onStale={onStale}
      title={t('decisionTitle', { name: item.fullName })}
      testId={`extension-decision-${item.id}`}
      fields={['decision', 'reason']}
      submitText={t('decisionButton')}
      doneText={t('decisionDone')}
      initialValues={{ decision: 'approve' }}
      toAction={(values) => ({
        action: 'extension-decision',
        body: {
          assignmentId: item.id,
          decision: values.decision,
          reason: values.reason?.trim() || undefined,
        },
      })}
    >
      <p className="cqdt-wrap-anywhere" data-testid="extension-request">
        {t('decisionAsked', {
          name: item.fullName,
          current: item.dueDate ? formatDay(item.dueDate) : t('noValue'),
          date: formatDay(item.extensionDueDate),
          reason: item.extensionReason,
        })}
      </p>
      <DecisionFields t={t} />
    </ActionForm>
  );
}
