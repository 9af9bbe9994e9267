import { Alert, App, Button, Col, DatePicker, Drawer, Form, Input, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';

import type { FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { matchesFolded } from '../../../shared/lib/fold';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { createAgency, updateAgency } from '../api/agencies';
import type { Agency, AgencyInput, AgencyKind, AgencyPatch, Id } from '../api/types';
import { codeDescendsFrom } from '../codes';
import { kindMessages, orgMessages } from '../i18n';
import { AGENCY_KINDS } from '../kinds';
import { subtreeIds } from '../tree';

interface AgencyFormValues {
  code: string;
  name: string;
  shortName: string;
  kind?: AgencyKind;
  parentId?: Id | null;
  mergedIntoId?: Id | null;
  splitFromId?: Id | null;
  address?: string;
  phone?: string;
  email?: string;
  website?: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
}

const FORM_FIELDS = [
  'code',
  'name',
  'shortName',
  'kind',
  'parentId',
  'address',
  'phone',
  'email',
  'website',
  'validFrom',
  'validTo',
  'mergedIntoId',
  'splitFromId',
] as const;

// The API names references by code in imports; a form error on a code belongs to the id field.
const FIELD_MAP = {
  parentCode: 'parentId',
  mergedIntoCode: 'mergedIntoId',
  splitFromCode: 'splitFromId',
};

interface AgencyOption {
  value: Id;
  label: string;
  code: string;
}

/** Search over name and code, ignoring case and tones ("noi vu" finds "Sở Nội vụ"). */
const filterAgencyOption = (input: string, option?: AgencyOption) =>
  option ? matchesFolded(input, [option.label, option.code]) : false;

const renderAgencyOption = (option: { label?: unknown; data: AgencyOption }) => (
  <span>
    {option.data.label} <span className="cqdt-muted">({option.data.code})</span>
  </span>
);

const DATE = 'YYYY-MM-DD';

function text(value: string | undefined | null): string {
  return (value ?? '').trim();
}

function toDate(value: Dayjs | null | undefined): string | null {
  return value ? value.format(DATE) : null;
}

function toInput(values: AgencyFormValues): AgencyInput {
  const input: AgencyInput = {
    code: text(values.code),
    name: text(values.name),
    shortName: text(values.shortName),
    kind: values.kind as AgencyKind,
  };
  if (values.parentId !== undefined && values.parentId !== null) input.parentId = values.parentId;
  if (values.mergedIntoId !== undefined && values.mergedIntoId !== null) {
    input.mergedIntoId = values.mergedIntoId;
  }
  if (values.splitFromId !== undefined && values.splitFromId !== null) {
    input.splitFromId = values.splitFromId;
  }
  for (const key of ['address', 'phone', 'email', 'website'] as const) {
    const value = text(values[key]);
    if (value) input[key] = value;
  }
  const validFrom = toDate(values.validFrom);
  if (validFrom) input.validFrom = validFrom;
  const validTo = toDate(values.validTo);
  if (validTo) input.validTo = validTo;
  return input;
}

/** PATCH takes a partial AgencyInput: send what changed; a cleared text is "", a cleared date null. */
function diffAgency(agency: Agency, values: AgencyFormValues): AgencyPatch {
  const patch: AgencyPatch = {};
  for (const key of [
    'code',
    'name',
    'shortName',
    'address',
    'phone',
    'email',
    'website',
  ] as const) {
    const value = text(values[key]);
    if (value !== (agency[key] ?? '')) patch[key] = value;
  }
  if (values.kind && values.kind !== agency.kind) patch.kind = values.kind;
  const parentId = values.parentId ?? null;
  if (String(parentId) !== String(agency.parentId ?? null)) patch.parentId = parentId;
  const mergedIntoId = values.mergedIntoId ?? null;
  if (String(mergedIntoId) !== String(agency.mergedIntoId ?? null))
    patch.mergedIntoId = mergedIntoId;
  const splitFromId = values.splitFromId ?? null;
  if (String(splitFromId) !== String(agency.splitFromId ?? null)) patch.splitFromId = splitFromId;
  const validFrom = toDate(values.validFrom);
  if (validFrom && validFrom !== agency.validFrom) patch.validFrom = validFrom;
  const validTo = toDate(values.validTo);
  if (validTo !== (agency.validTo ?? null)) patch.validTo = validTo;
  return patch;
}

export function AgencyFormDrawer({
  open,
  agency,
  agencies,
  allAgencies,
  defaultParentId,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The agency to edit; null to create one. */
  agency: Agency | null;
  agencies: readonly Agency[];
  /** Every agency, including those no longer in force: lineage often points at them. */
  allAgencies: readonly Agency[];
  /** Parent proposed for a new agency (the one selected in the tree). */
  defaultParentId?: Id | null;
  onClose: () => void;
  onSaved: (agency: Agency) => void;
}) {
  const t = useTranslate(orgMessages);
  const tk = useTranslate(kindMessages);
  const tc = useTranslate(commonMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<AgencyFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  const editing = agency !== null;

  const initialValues = useMemo<Partial<AgencyFormValues>>(
    () =>
      agency
        ? {
            code: agency.code,
            name: agency.name,
            shortName: agency.shortName,
            kind: agency.kind,
            parentId: agency.parentId,
            mergedIntoId: agency.mergedIntoId,
            splitFromId: agency.splitFromId,
            address: agency.address,
            phone: agency.phone,
            email: agency.email,
            website: agency.website,
            validFrom: agency.validFrom ? dayjs(agency.validFrom) : null,
            validTo: agency.validTo ? dayjs(agency.validTo) : null,
          }
        : { parentId: defaultParentId ?? null, validFrom: dayjs().startOf('day') },
    [agency, defaultParentId],
  );

  // An agency cannot sit under itself or under one of its own descendants.
  const parentOptions = useMemo<AgencyOption[]>(() => {
    const excluded = agency ? subtreeIds(agencies, agency.id) : new Set<string>();
    return agencies
      .filter((candidate) => !excluded.has(String(candidate.id)))
      .map((candidate) => ({
        value: candidate.id,
        label: candidate.name,
        code: candidate.code,
      }));
  }, [agencies, agency]);
  // Nor be merged into or split from itself or an agency below it (the server also refuses
  // loops of lineage, which the form cannot foresee).
  const lineageOptions = useMemo<AgencyOption[]>(() => {
    const excluded = agency ? subtreeIds(allAgencies, agency.id) : new Set<string>();
    return allAgencies
      .filter((candidate) => !excluded.has(String(candidate.id)))
      .map((candidate) => ({
        value: candidate.id,
        label: candidate.validTo ? `${candidate.name} (→ ${candidate.validTo})` : candidate.name,
        code: candidate.code,
      }));
  }, [allAgencies, agency]);

  // QCVN 102: a child's code extends its parent's. Said while typing, as the server's warning.
  const watchedCode = Form.useWatch('code', form) as string | undefined;
  const watchedParent = Form.useWatch('parentId', form) as Id | null | undefined;
  const parentCode =
    watchedParent !== undefined && watchedParent !== null
      ? allAgencies.find((candidate) => String(candidate.id) === String(watchedParent))?.code
      : undefined;
  const code = text(watchedCode);
  const codeWarning =
    parentCode && code && !codeDescendsFrom(code, parentCode)
      ? t('codeNotUnderParent', { code, parentCode })
      : null;

  const onFinish = async (values: AgencyFormValues) => {
    setSubmitting(true);
    setError(null);
    setExtraErrors([]);
    try {
      let saved: Agency;
      if (agency) {
        const patch = diffAgency(agency, values);
        if (Object.keys(patch).length === 0) {
          void message.info(t('noChanges'));
          onClose();
          return;
        }
        saved = await updateAgency(agency.id, patch);
        void message.success(t('agencySaved', { name: saved.name }));
      } else {
        saved = await createAgency(toInput(values));
        void message.success(t('agencyCreated', { name: saved.name }));
      }
      for (const warning of saved.warnings ?? []) {
        void message.warning({ content: warning.message, duration: 10 });
      }
      onSaved(saved);
    } catch (reason) {
      setError(reason);
      setExtraErrors(applyFieldErrors(form, reason, FORM_FIELDS, FIELD_MAP));
    } finally {
      setSubmitting(false);
    }
  };

  const title = editing ? t('editAgency') : t('addAgency');
  return (
    <Drawer
      open={open}
      onClose={onClose}
      afterOpenChange={(visible) => {
        if (!visible) {
          setError(null);
          setExtraErrors([]);
        }
      }}
      title={title}
      size="min(640px, 100vw)"
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{tc('cancel')}</Button>
          <Button type="primary" loading={submitting} onClick={() => form.submit()}>
            {tc('save')}
          </Button>
        </Space>
      }
    >
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} />
        </div>
      ) : null}
      <Form<AgencyFormValues>
        noValidate
        key={agency ? `edit-${agency.id}` : 'create'}
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void onFinish(values)}
        aria-label={title}
      >
        <Form.Item
          name="code"
          label={t('code')}
          extra={
            <>
              <div>{t('codeHint')}</div>
              {codeWarning ? (
                <Alert
                  type="warning"
                  showIcon
                  role="status"
                  title={codeWarning}
                  style={{ marginTop: 8 }}
                  data-testid="code-warning"
                />
              ) : null}
            </>
          }
          rules={[{ required: true, whitespace: true, message: t('codeRequired') }]}
        >
          <Input maxLength={32} autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('name')}
          rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}
        >
          <Input maxLength={300} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="shortName"
              label={t('shortName')}
              extra={t('shortNameHint')}
              rules={[
                { required: true, whitespace: true, message: t('shortNameRequired') },
                { pattern: /^\S+$/, message: t('shortNameSpaces') },
              ]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="kind"
              label={t('kind')}
              rules={[{ required: true, message: t('kindRequired') }]}
            >
              <Select options={AGENCY_KINDS.map((kind) => ({ value: kind, label: tk(kind) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="parentId" label={t('parent')}>
          <Select<Id, AgencyOption>
            allowClear
            placeholder={t('parentNone')}
            showSearch={{ filterOption: filterAgencyOption }}
            options={parentOptions}
            optionRender={renderAgencyOption}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="mergedIntoId" label={t('mergedInto')} extra={t('mergedIntoHint')}>
              <Select<Id, AgencyOption>
                allowClear
                placeholder={t('lineageNone')}
                showSearch={{ filterOption: filterAgencyOption }}
                options={lineageOptions}
                optionRender={renderAgencyOption}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="splitFromId" label={t('splitFrom')} extra={t('splitFromHint')}>
              <Select<Id, AgencyOption>
                allowClear
                placeholder={t('lineageNone')}
                showSearch={{ filterOption: filterAgencyOption }}
                options={lineageOptions}
                optionRender={renderAgencyOption}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('address')}>
          <Input maxLength={300} autoComplete="off" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('phone')}>
              <Input type="tel" maxLength={30} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="email"
              label={t('email')}
              rules={[{ type: 'email', message: t('emailFormat') }]}
            >
              <Input type="email" maxLength={254} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="website"
          label={t('website')}
          rules={[{ pattern: /^https?:\/\/\S+$/i, message: t('websiteFormat') }]}
        >
          <Input type="url" maxLength={300} autoComplete="off" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="validFrom" label={t('validFrom')}>
              <DatePicker format={['DD/MM/YYYY', DATE]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="validTo"
              label={t('validTo')}
              dependencies={['validFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_rule, value: Dayjs | null | undefined) => {
                    const from = getFieldValue('validFrom') as Dayjs | null | undefined;
                    return !value || !from || value.isAfter(from, 'day')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('validToBeforeFrom')));
                  },
                }),
              ]}
            >
              <DatePicker format={['DD/MM/YYYY', DATE]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
