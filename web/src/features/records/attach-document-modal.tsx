import { App, Form, Modal, Select } from 'antd';
import { useMemo, useState } from 'react';

import { ApiError, type FieldError } from '../../shared/api/client';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { useAuth } from '../../shared/auth/use-auth';
import { matchesFolded } from '../../shared/lib/fold';
import { useAsync } from '../../shared/lib/use-async';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { attachDocument, type DocumentChoice, listDocumentChoices, type WorkRecord } from './api';
import { formatDay, vnYear } from './dates';
import { type RecordsTranslate } from './i18n';

interface Values {
  documentId?: string;
}

interface Option {
  value: string;
  label: string;
  choice: DocumentChoice;
}

const keyOf = (c: Pick<DocumentChoice, 'direction' | 'id'>) => `${c.direction}-${c.id}`;

/**
 * Picking a document to put in the record, among the incoming and outgoing documents the caller
 * sees (searched by number or subject, tones ignored). The API's refusal (a document already in
 * a record) is shown under the field.
 */
export function AttachDocumentModal({
  record,
  t,
  onClose,
  onAttached,
}: {
  record: WorkRecord;
  t: RecordsTranslate;
  onClose: () => void;
  onAttached: (record: WorkRecord) => void;
}) {
  const { message } = App.useApp();
  const { user, hasRole } = useAuth();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldError[]>([]);
  const agencyId = user?.agencyId != null ? Number(user.agencyId) : null;
  const year = vnYear();
  // The outgoing registers' entries are read by clerks and leaders (and a register's writers).
  const readsRegisters = hasRole('clerk', 'leader');
  const choices = useAsync(
    (signal) => listDocumentChoices(agencyId, year, readsRegisters, signal),
    [agencyId, year, readsRegisters],
  );

  const groups = useMemo(() => {
    const inRecord = new Set(
      record.documents.map((d) => keyOf({ direction: d.direction, id: d.documentId })),
    );
    const toOption = (c: DocumentChoice): Option => {
      const date = formatDay(c.date);
      const number = c.numberText || t('choiceNoNumber');
      return {
        value: keyOf(c),
        label: `${number}${date ? ` (${date})` : ''} – ${c.subject}`,
        choice: c,
      };
    };
    const available = (choices.data ?? []).filter((c) => !inRecord.has(keyOf(c)));
    return (['incoming', 'outgoing'] as const)
      .map((direction) => ({
        label: t(`direction_${direction}`),
        title: t(`direction_${direction}`),
        options: available.filter((c) => c.direction === direction).map(toOption),
      }))
      .filter((group) => group.options.length > 0);
  }, [choices.data, record.documents, t]);

  const submit = async (values: Values) => {
    const chosen = groups
      .flatMap((g) => g.options)
      .find((option) => option.value === values.documentId);
    if (!chosen) {
      return;
    }
    setBusy(true);
    setError(null);
    setExtra([]);
    try {
      const updated = await attachDocument(record.id, chosen.choice.id);
      void message.success(t('docAdded'));
      onAttached(updated);
    } catch (e) {
      const rest = applyFieldErrors(form, e, ['documentId']);
      setExtra(rest);
      setError(
        rest.length > 0 || !(e instanceof ApiError) || e.fieldErrors.length === 0 ? e : null,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('addDocTitle')}
      onCancel={onClose}
      okText={t('addDocConfirm')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      destroyOnHidden
      width={680}
    >
      <div data-testid="attach-document-form">
        {choices.error ? <ErrorAlert error={choices.error} title={t('choicesFailed')} /> : null}
        {error ? <ErrorAlert error={error} extraErrors={extra} title={t('addDocFailed')} /> : null}
        <Form<Values>
          form={form}
          name="attach-document"
          layout="vertical"
          noValidate
          requiredMark
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="documentId"
            label={t('fieldDocument')}
            extra={t('documentHelp')}
            rules={[
              { required: true, message: t('requiredChoose', { field: t('fieldDocument') }) },
            ]}
          >
            <Select
              placeholder={t('documentPlaceholder')}
              loading={choices.loading}
              options={groups}
              showSearch={{
                filterOption: (input, option) =>
                  matchesFolded(input, [String((option as Option | undefined)?.label ?? '')]),
              }}
              optionRender={(option) => (
                <span className="cqdt-record-wrap" style={{ whiteSpace: 'normal' }}>
                  {String(option.label ?? '')}
                </span>
              )}
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
