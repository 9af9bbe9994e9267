/**
 * "Phản ánh, kiến nghị" (/portal/phan-anh-kien-nghi, issue 13 item 7): public. Anyone files
 * feedback or a complaint about a dossier (its code and check digits; ?ma=<code> fills it) or
 * about an agency, and gets a code to follow it with; a signed-in citizen's name is filled in.
 */
import { Alert, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { listProcedures } from '../../../shared/api/procedures';
import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { feedbackOptions, filePetition, type Petition } from '../api';
import '../feedback.css';
import { PETITION_FOLLOW_PATH, PETITION_PUBLISHED_PATH } from '../paths';
import { dayText } from '../petition-view';
import { portalFeedbackMessages } from '../portal-i18n';

interface Values {
  about: 'dossier' | 'agency';
  dossierCode?: string;
  check?: string;
  agencyId?: number;
  category?: string;
  title?: string;
  content?: string;
  name?: string;
  phone?: string;
  email?: string;
}

const FIELDS = [
  'dossierCode',
  'check',
  'agencyId',
  'category',
  'title',
  'content',
  'name',
  'phone',
  'email',
];

export default function PetitionPage() {
  const t = useTranslate(portalFeedbackMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { user } = useAuth();
  useDocumentTitle(t('petitionTitle'), tc('appName'));
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const options = useAsync((signal) => feedbackOptions(signal), [lang]);
  // The agencies that perform procedures: those the public deals with.
  const agencies = useAsync((signal) => listProcedures({ limit: 1 }, signal), [lang]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [filed, setFiled] = useState<Petition | null>(null);
  const about = Form.useWatch('about', form) ?? 'dossier';
  const citizen = user?.realm === 'citizen' ? user : null;

  useEffect(() => {
    const code = params.get('ma');
    if (code) {
      form.setFieldsValue({ about: 'dossier', dossierCode: code });
    }
  }, [params, form]);

  useEffect(() => {
    if (citizen && !form.getFieldValue('name')) {
      form.setFieldsValue({ name: citizen.fullName });
    }
  }, [citizen, form]);

  const onFinish = async (values: Values) => {
    setBusy(true);
    setError(null);
    setFiled(null);
    try {
      const petition = await filePetition({
        ...(values.about === 'dossier'
          ? { dossierCode: values.dossierCode?.trim() ?? '', check: values.check?.trim() ?? '' }
          : { agencyId: values.agencyId }),
        category: values.category ?? '',
        title: values.title ?? '',
        content: values.content ?? '',
        name: values.name ?? '',
        phone: values.phone ?? '',
        email: values.email ?? '',
      });
      setFiled(petition);
      form.resetFields(['title', 'content', 'check']);
    } catch (e) {
      const rest = applyFieldErrors(form, e, FIELDS);
      if (!(e instanceof ApiError) || e.fieldErrors.length === 0 || rest.length > 0) {
        setError(errorMessage(e, tc));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('petitionTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16, maxWidth: 760 }}>
        {t('petitionLead', { days: options.data?.answerWorkingDays ?? 10 })}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Link to={PETITION_FOLLOW_PATH}>{t('followLink')}</Link>
        <Link to={PETITION_PUBLISHED_PATH}>{t('publishedLink')}</Link>
      </Space>
      {filed ? (
        <Alert
          role="status"
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('filed', { code: filed.code, due: dayText(filed.dueOn) })}
          description={
            <Link to={`${PETITION_FOLLOW_PATH}?ma=${encodeURIComponent(filed.code)}`}>
              {t('followLink')}
            </Link>
          }
        />
      ) : null}
      <Card>
        <Form
          form={form}
          name="petition"
          layout="vertical"
          requiredMark={false}
          noValidate
          initialValues={{ about: 'dossier' }}
          onFinish={(v) => void onFinish(v)}
          className="cqdt-feedback-form"
        >
          <fieldset className="cqdt-rating-group">
            <legend>{t('aboutLegend')}</legend>
            <Form.Item name="about">
              <Radio.Group
                options={[
                  { value: 'dossier', label: t('aboutDossier') },
                  { value: 'agency', label: t('aboutAgency') },
                ]}
              />
            </Form.Item>
          </fieldset>
          {about === 'dossier' ? (
            <>
              <Form.Item
                name="dossierCode"
                label={t('dossierCodeLabel')}
                rules={[{ required: true, whitespace: true, message: t('codeRequired') }]}
              >
                <Input autoComplete="off" spellCheck={false} />
              </Form.Item>
              <Form.Item
                name="check"
                label={t('checkLabel')}
                extra={t('checkHint')}
                rules={[{ required: true, pattern: /^\d{4}$/, message: t('checkFormat') }]}
              >
                <Input
                  inputMode="numeric"
                  maxLength={4}
                  autoComplete="off"
                  style={{ maxWidth: 160 }}
                />
              </Form.Item>
            </>
          ) : (
            <Form.Item
              name="agencyId"
              label={t('agencyLabel')}
              rules={[{ required: true, message: t('agencyRequired') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={agencies.loading}
                options={(agencies.data?.agencies ?? []).map((a) => ({
                  value: a.id,
                  label: a.name,
                }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="category"
            label={t('categoryLabel')}
            rules={[{ required: true, message: t('categoryRequired') }]}
          >
            <Select
              options={(options.data?.categories ?? []).map((c) => ({
                value: c.code,
                label: c.label,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('titleLabel')}
            rules={[{ required: true, whitespace: true, message: t('titleRequired') }]}
          >
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item
            name="content"
            label={t('contentLabel')}
            rules={[{ required: true, whitespace: true, message: t('contentRequired') }]}
          >
            <Input.TextArea rows={6} maxLength={5000} showCount />
          </Form.Item>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t('filerTitle')}
          </Typography.Title>
          <Form.Item
            name="name"
            label={t('nameLabel')}
            rules={[{ required: !citizen, whitespace: true, message: t('nameRequired') }]}
          >
            <Input autoComplete="name" maxLength={200} />
          </Form.Item>
          <Typography.Paragraph className="cqdt-muted" id="petition-contact-hint">
            {t('contactHint')}
          </Typography.Paragraph>
          <Form.Item
            name="phone"
            label={t('phoneLabel')}
            dependencies={['email']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  citizen || value?.trim() || getFieldValue('email')?.trim()
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('contactRequired'))),
              }),
            ]}
          >
            <Input inputMode="tel" autoComplete="tel" aria-describedby="petition-contact-hint" />
          </Form.Item>
          <Form.Item name="email" label={t('emailLabel')}>
            <Input type="email" autoComplete="email" aria-describedby="petition-contact-hint" />
          </Form.Item>
          <Button type="primary" size="large" htmlType="submit" loading={busy}>
            {t('submitPetition')}
          </Button>
        </Form>
      </Card>
      {error ? (
        <Alert role="alert" type="warning" showIcon title={error} style={{ marginTop: 16 }} />
      ) : null}
    </>
  );
}
