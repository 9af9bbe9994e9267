// The dialog of one action on a dossier: only the fields that action takes (the reason when the
// rule asks for one, the person the next step goes to, the new appointment of an apology, the
// result, who took the result), checked by the server, whose field errors land on the fields.
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';

import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/error-message';
import { applyFieldErrors } from '../../shared/api/form-errors';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import {
  actOnDossier,
  type Dossier,
  type DossierActionName,
  listColleagues,
  uploadDossierFile,
} from './dossier-api';
import { dossierMessages } from './dossier-i18n';

interface Values {
  reason?: string;
  assigneeId?: number;
  newAppointment?: string;
  resultNote?: string;
  returnedTo?: string;
}

const FIELDS = ['reason', 'assigneeId', 'newAppointment', 'resultNote', 'returnedTo', 'fileIds'];
const WITH_ASSIGNEE: ReadonlySet<DossierActionName> = new Set([
  'transfer',
  'complete_step',
  'reassign',
]);
const WITH_FILES: ReadonlySet<DossierActionName> = new Set(['attach_result', 'resubmit']);

export function DossierActionModal({
  dossier,
  action,
  onClose,
}: {
  dossier: Dossier;
  action: Dossier['actions'][number];
  onClose: (updated: Dossier | null) => void;
}) {
  const t = useTranslate(dossierMessages);
  const tc = useTranslate(commonMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const colleagues = useAsync(
    (signal) =>
      WITH_ASSIGNEE.has(action.name) ? listColleagues(signal) : Promise.resolve({ items: [] }),
    [action.name],
  );

  const submit = async (values: Values) => {
    setBusy(true);
    setFailure('');
    try {
      const fileIds: number[] = [];
      for (const f of files) {
        fileIds.push((await uploadDossierFile(f)).id);
      }
      const updated = await actOnDossier(dossier.code, {
        action: action.name,
        reason: values.reason,
        assigneeId: values.assigneeId,
        newAppointment: values.newAppointment,
        resultNote: values.resultNote,
        returnedTo: values.returnedTo,
        fileIds: fileIds.length > 0 ? fileIds : undefined,
        expectedUpdatedAt: dossier.updatedAt,
      });
      void message.success(t('done', { action: action.label, code: dossier.code }));
      onClose(updated);
    } catch (caught) {
      const rest = applyFieldErrors(form, caught, FIELDS);
      if (!(caught instanceof ApiError) || caught.fieldErrors.length === 0 || rest.length > 0) {
        setFailure(
          rest.length > 0 ? rest.map((e) => e.message).join(' ') : errorMessage(caught, tc),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('actionTitle', { code: dossier.code, action: action.label })}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(null)}
      destroyOnHidden
    >
      <Form<Values>
        noValidate
        form={form}
        layout="vertical"
        initialValues={action.name === 'return' ? { returnedTo: dossier.applicant.name } : {}}
        onFinish={(v) => void submit(v)}
      >
        {WITH_ASSIGNEE.has(action.name) ? (
          <Form.Item
            name="assigneeId"
            label={t('assignee')}
            rules={action.name === 'reassign' ? [{ required: true, message: t('assignee') }] : []}
          >
            <Select
              allowClear
              placeholder={t('assigneeAny')}
              loading={colleagues.loading}
              options={(colleagues.data?.items ?? []).map((u) => ({
                value: u.id,
                label: `${u.fullName} (${u.username})`,
              }))}
            />
          </Form.Item>
        ) : null}
        {action.name === 'apologize' ? (
          <Form.Item
            name="newAppointment"
            label={t('newAppointmentDate')}
            rules={[{ required: true, message: t('newAppointmentDate') }]}
          >
            <Input type="date" />
          </Form.Item>
        ) : null}
        {action.name === 'attach_result' ? (
          <Form.Item name="resultNote" label={t('resultNote')}>
            <Input maxLength={1000} />
          </Form.Item>
        ) : null}
        {WITH_FILES.has(action.name) ? (
          <Form.Item
            label={action.name === 'attach_result' ? t('resultFiles') : t('supplementFiles')}
            htmlFor="dossier-action-files"
          >
            <input
              id="dossier-action-files"
              type="file"
              multiple
              accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/*"
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            />
          </Form.Item>
        ) : null}
        {action.name === 'return' ? (
          <Form.Item
            name="returnedTo"
            label={t('returnedToLabel')}
            rules={[{ required: true, whitespace: true, message: t('returnedToLabel') }]}
          >
            <Input maxLength={300} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="reason"
          label={t('reason')}
          rules={
            action.needsReason
              ? [{ required: true, whitespace: true, message: t('reasonRequired') }]
              : []
          }
        >
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        {failure ? <Alert type="error" showIcon role="alert" title={failure} /> : null}
      </Form>
    </Modal>
  );
}
