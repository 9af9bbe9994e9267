// "Nộp hồ sơ trực tuyến" (/portal/nop-ho-so/:code, issue 13 item 3): the procedure's e-form
// rendered from its definition and pre-filled ("provide once"), the documents uploaded or chosen
// from the document store, "Lưu nháp" (?nhap=<id> resumes one) and the submission. Errors come
// back on their fields and in a summary at the top whose links lead to each field.
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';

import { ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { getProcedure } from '../../../shared/api/procedures';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { type DocumentRow, DocumentPicker } from '../document-picker';
import {
  answersOf,
  EFormFields,
  type FieldValues,
  fieldsOf,
  labelOf,
  valuesOf,
} from '../e-form-fields';
import {
  createDraft,
  type DocumentChoice,
  type DraftInput,
  getDraft,
  getEForm,
  getPrefill,
  saveDraft,
  submitDossier,
} from '../online-api';
import { onlineMessages } from '../online-i18n';
import { myDossierPath, portalProcedurePath } from '../paths';
import '../portal.css';

interface Values {
  form?: FieldValues;
  agencyId?: number;
  delivery: 'electronic' | 'postal' | 'counter';
  note?: string;
}

interface SummaryLine {
  target: string;
  text: string;
}

const FORM_NAME = 'eform';
const FORM_FIELDS = ['form', 'agencyId', 'delivery', 'note'];

/** The id antd gives the control of a field path (Form name "eform"). */
const controlId = (path: (string | number)[]) => `${FORM_NAME}_${path.join('_')}`;

export default function SubmitPage() {
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const resumeId = Number(params.get('nhap')) || null;
  const t = useTranslate(onlineMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const watched = Form.useWatch([], form) as Values | undefined;
  const [draftId, setDraftId] = useState<number | null>(resumeId);
  // The documents chosen: the resumed draft's until the person changes them.
  const [edited, setDocuments] = useState<DocumentChoice[] | null>(null);
  const [docErrors, setDocErrors] = useState<Record<number, string>>({});
  const [summary, setSummary] = useState<SummaryLine[]>([]);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const [formVersion, setFormVersion] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);

  const procedure = useAsync((signal) => getProcedure(code, signal), [code, lang]);
  const eform = useAsync((signal) => getEForm(code, signal), [code, formVersion]);
  // The starting values: the draft being resumed, else the pre-filled ones (loaded once).
  const start = useAsync(
    async (signal) =>
      resumeId
        ? { draft: await getDraft(resumeId, signal), prefill: null }
        : { draft: null, prefill: await getPrefill(code, signal) },
    [code, resumeId],
  );
  useDocumentTitle(
    procedure.data ? `${t('submitTitle')}: ${procedure.data.name}` : t('submitTitle'),
    tc('appName'),
  );

  const agencies = useMemo(() => procedure.data?.agencies ?? [], [procedure.data]);
  const offeredOnline = procedure.data?.channels.some((c) => c.channel === 'online') ?? true;

  // Fill the form once both the form and the starting values are here.
  const filled = useRef(false);
  useEffect(() => {
    if (filled.current || !eform.data || !start.data) {
      return;
    }
    filled.current = true;
    const draft = start.data.draft;
    const answers = draft ? draft.answers : (start.data.prefill?.answers ?? {});
    form.setFieldsValue({
      form: valuesOf(eform.data, answers),
      agencyId: draft?.agencyId ?? (agencies.length === 1 ? agencies[0]?.id : undefined),
      delivery: 'electronic',
      note: draft?.note ?? '',
    });
  }, [eform.data, start.data, agencies, form]);
  const documents = edited ?? start.data?.draft?.documents ?? [];

  useEffect(() => {
    if (summary.length > 0 || failure) {
      summaryRef.current?.focus();
    }
  }, [summary, failure]);

  const rows: DocumentRow[] = useMemo(
    () =>
      (procedure.data?.documents ?? []).map((d, i) => ({
        ordinal: i + 1,
        name: d.name,
        required: d.required,
        replaceableByData: d.replaceableByData,
        byForm: (eform.data?.documents ?? []).includes(i + 1),
      })),
    [procedure.data, eform.data],
  );

  /** The summary: every field showing an error, then every document's. */
  const summarise = (docs: Record<number, string>, extra: string[] = []) => {
    const lines: SummaryLine[] = [];
    const labels = new Map<string, string>();
    if (eform.data) {
      for (const f of fieldsOf(eform.data)) {
        labels.set(f.name, labelOf(f, lang));
      }
    }
    for (const e of form.getFieldsError()) {
      if (e.errors.length > 0) {
        lines.push({ target: controlId(e.name), text: e.errors[0] ?? '' });
      }
    }
    for (const [ordinal, text] of Object.entries(docs)) {
      lines.push({ target: `document-${ordinal}`, text });
    }
    for (const text of extra) {
      lines.push({ target: 'eform-documents', text });
    }
    setSummary(lines);
  };

  const draftInput = (): DraftInput => {
    const all = form.getFieldsValue(true) as Values;
    return {
      procedureCode: code,
      agencyId: all.agencyId ?? null,
      answers: eform.data ? answersOf(eform.data, all.form ?? {}, false) : {},
      documents,
      note: all.note ?? '',
    };
  };

  const onSaveDraft = async () => {
    setBusy('draft');
    setFailure('');
    setSummary([]);
    try {
      const input = draftInput();
      const saved = draftId ? await saveDraft(draftId, input) : await createDraft(input);
      setDraftId(saved.id);
      setParams({ nhap: String(saved.id) }, { replace: true });
      void message.success(t('draftSaved'));
    } catch (caught) {
      const rest = applyFieldErrors(form, caught, FORM_FIELDS);
      if (!(caught instanceof ApiError) || caught.fieldErrors.length === 0 || rest.length > 0) {
        setFailure(
          rest.length > 0 ? rest.map((e) => e.message).join(' ') : errorMessage(caught, tc),
        );
      }
    } finally {
      setBusy(null);
    }
  };

  /** Required documents with neither a file nor the state's data. */
  const missingDocuments = (): Record<number, string> => {
    const out: Record<number, string> = {};
    for (const row of rows) {
      const c = documents.find((d) => d.ordinal === row.ordinal);
      if (row.required && !row.byForm && !(c && (c.byData || c.files.length > 0))) {
        out[row.ordinal] = t('documentMissing', { name: row.name });
      }
    }
    return out;
  };

  const onFinish = async (values: Values) => {
    const missing = missingDocuments();
    setDocErrors(missing);
    if (Object.keys(missing).length > 0) {
      summarise(missing);
      return;
    }
    if (!eform.data) {
      return;
    }
    setBusy('submit');
    setFailure('');
    setSummary([]);
    const sent = documents.filter((d) => d.byData || d.files.length > 0);
    try {
      const dossier = await submitDossier({
        procedureCode: code,
        agencyId: values.agencyId ?? null,
        formId: eform.data.id,
        answers: answersOf(eform.data, values.form ?? {}, true),
        documents: sent.map((d) => ({
          ordinal: d.ordinal,
          files: d.byData ? [] : d.files.map((f) => f.id),
          byData: d.byData,
        })),
        delivery: values.delivery,
        note: values.note ?? '',
        draftId: draftId ?? undefined,
      });
      void message.success(t('submitted', { code: dossier.code }));
      navigate(myDossierPath(dossier.code));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        // The procedure's form changed: load the new one; the answers stay where they fit.
        setFormVersion((v) => v + 1);
      }
      const rest = applyFieldErrors(form, caught, FORM_FIELDS);
      const docs: Record<number, string> = {};
      const general: string[] = [];
      for (const e of rest) {
        const m = /^documents\[(\d+)\]/.exec(e.field);
        const ordinal = m ? sent[Number(m[1])]?.ordinal : undefined;
        if (ordinal) {
          docs[ordinal] = e.message;
        } else {
          general.push(e.message);
        }
      }
      setDocErrors(docs);
      if (caught instanceof ApiError && caught.fieldErrors.length > 0) {
        summarise(docs, general);
      } else {
        setFailure(errorMessage(caught, tc));
      }
    } finally {
      setBusy(null);
    }
  };

  const draft = start.data?.draft;
  const loadError = procedure.error ?? eform.error ?? start.error;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('submitTitle')}
      </Typography.Title>
      {procedure.data ? (
        <Typography.Paragraph style={{ fontSize: 16 }}>
          <Link to={portalProcedurePath(code)}>{procedure.data.name}</Link> ({code})
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph style={{ maxWidth: 760 }}>{t('submitLead')}</Typography.Paragraph>
      {loadError ? <ErrorAlert error={loadError} title={t('loadFailed')} /> : null}
      {!offeredOnline ? <Alert type="warning" showIcon title={t('notOnline')} /> : null}
      <div ref={summaryRef} tabIndex={-1} className="cqdt-eform-summary">
        {summary.length > 0 ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('errorSummaryTitle')}
            description={
              <ul>
                {summary.map((line, i) => (
                  <li key={i}>
                    <a
                      href={`#${line.target}`}
                      onClick={(e) => {
                        e.preventDefault();
                        const el = document.getElementById(line.target);
                        el?.scrollIntoView({ block: 'center' });
                        el?.focus();
                      }}
                    >
                      {line.text}
                    </a>
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
        {failure ? <Alert type="error" showIcon role="alert" title={failure} /> : null}
      </div>
      {draft ? (
        <Alert
          type="info"
          showIcon
          title={t('resumed', { time: formatVnTime(draft.updatedAt).slice(0, 16) })}
          description={
            eform.data && draft.formId !== eform.data.id ? t('formVersionChanged') : undefined
          }
          style={{ marginBottom: 16 }}
        />
      ) : start.data?.prefill && Object.keys(start.data.prefill.answers).length > 0 ? (
        <Alert type="info" showIcon title={t('prefilled')} style={{ marginBottom: 16 }} />
      ) : null}
      {eform.data && procedure.data && offeredOnline ? (
        <Form<Values>
          form={form}
          name={FORM_NAME}
          layout="vertical"
          noValidate
          scrollToFirstError={false}
          initialValues={{ delivery: 'electronic' }}
          onFinish={(v) => void onFinish(v)}
          onFinishFailed={() => summarise(missingDocuments())}
          className="cqdt-eform"
        >
          <Card>
            <fieldset className="cqdt-eform-section">
              <legend>{t('agencySection')}</legend>
              <Form.Item
                name="agencyId"
                label={t('agencyLabel')}
                rules={[{ required: true, message: t('agencyRequired') }]}
              >
                <Select
                  aria-label={t('agencyLabel')}
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('select')}
                  options={agencies.map((a) => ({ value: a.id, label: a.name }))}
                />
              </Form.Item>
            </fieldset>
            <Typography.Title level={2} style={{ fontSize: 20 }}>
              {lang === 'en' && eform.data.titleEn ? eform.data.titleEn : eform.data.title}
            </Typography.Title>
            <EFormFields form={eform.data} values={watched?.form ?? {}} lang={lang} t={t} />
            <section id="eform-documents" tabIndex={-1} aria-labelledby="eform-documents-title">
              <Typography.Title level={2} style={{ fontSize: 20 }} id="eform-documents-title">
                {t('documentsSection')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t('documentsLead')}</Typography.Paragraph>
              <DocumentPicker
                rows={rows}
                value={documents}
                onChange={setDocuments}
                errors={docErrors}
                t={t}
              />
            </section>
            <fieldset className="cqdt-eform-section">
              <legend>{t('deliverySection')}</legend>
              <Form.Item name="delivery" label={t('deliveryLabel')}>
                <Radio.Group
                  role="radiogroup"
                  aria-label={t('deliveryLabel')}
                  options={(['electronic', 'postal', 'counter'] as const).map((d) => ({
                    value: d,
                    label: t(`delivery_${d}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="note" label={t('noteLabel')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </fieldset>
            <Space wrap>
              <Button onClick={() => void onSaveDraft()} loading={busy === 'draft'}>
                {t('saveDraft')}
              </Button>
              <Button type="primary" htmlType="submit" loading={busy === 'submit'}>
                {t('submit')}
              </Button>
            </Space>
          </Card>
        </Form>
      ) : null}
    </>
  );
}
