/**
 * "Theo dõi phản ánh, kiến nghị" (/portal/phan-anh-kien-nghi/theo-doi, issue 13 item 7): the
 * filer opens their PAKN with its code (?ma= fills it) and the phone or e-mail they gave, reads
 * the answer and says once whether it satisfies them.
 */
import { Alert, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { followPetition, type Petition, sendVerdict } from '../api';
import '../feedback.css';
import { PETITION_PATH } from '../paths';
import { PetitionView } from '../petition-view';
import { portalFeedbackMessages } from '../portal-i18n';

interface Values {
  code: string;
  contact: string;
}

interface VerdictValues {
  satisfied?: 'yes' | 'no';
  comment?: string;
}

export default function FollowPage() {
  const t = useTranslate(portalFeedbackMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('followTitle'), tc('appName'));
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [verdictForm] = Form.useForm<VerdictValues>();
  const [opened, setOpened] = useState<{ code: string; contact: string } | null>(null);
  const [petition, setPetition] = useState<Petition | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const code = params.get('ma');
    if (code) {
      form.setFieldsValue({ code });
      document.getElementById('petition-follow_contact')?.focus();
    }
  }, [params, form]);

  const onFinish = async (values: Values) => {
    setLoading(true);
    setError(null);
    setPetition(null);
    try {
      const code = values.code.trim();
      setPetition(await followPetition(code, values.contact));
      setOpened({ code, contact: values.contact });
    } catch (e) {
      const rest = applyFieldErrors(form, e, ['code', 'contact']);
      if (!(e instanceof ApiError) || e.fieldErrors.length === 0 || rest.length > 0) {
        setError(errorMessage(e, tc));
      }
    } finally {
      setLoading(false);
    }
  };

  const onVerdict = async (values: VerdictValues) => {
    if (!opened || !values.satisfied) {
      return;
    }
    setLoading(true);
    setError(null);
    try {
      setPetition(
        await sendVerdict(
          opened.code,
          opened.contact,
          values.satisfied === 'yes',
          values.comment ?? '',
        ),
      );
    } catch (e) {
      setError(errorMessage(e, tc));
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('followTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16, maxWidth: 760 }}>
        {t('followLead')}
      </Typography.Paragraph>
      <Card>
        <Form
          form={form}
          name="petition-follow"
          layout="vertical"
          requiredMark={false}
          noValidate
          onFinish={(v) => void onFinish(v)}
          style={{ maxWidth: 520 }}
        >
          <Form.Item
            name="code"
            label={t('petitionCodeLabel')}
            extra={t('petitionCodeHint')}
            rules={[{ required: true, whitespace: true, message: t('petitionCodeRequired') }]}
          >
            <Input size="large" autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item
            name="contact"
            label={t('contactLabel')}
            rules={[{ required: true, whitespace: true, message: t('contactFollowRequired') }]}
          >
            <Input size="large" autoComplete="off" />
          </Form.Item>
          <Button type="primary" size="large" htmlType="submit" loading={loading}>
            {t('follow')}
          </Button>
        </Form>
      </Card>
      {error ? (
        <Alert role="alert" type="warning" showIcon title={error} style={{ marginTop: 16 }} />
      ) : null}
      {petition ? (
        <section aria-labelledby="petition-followed" style={{ marginTop: 24 }}>
          <Typography.Title level={2} id="petition-followed" style={{ fontSize: 20 }}>
            {petition.code}
          </Typography.Title>
          <PetitionView petition={petition} headingLevel={3} />
          {petition.state.name === 'answered' ? (
            <Card style={{ marginTop: 16 }}>
              {petition.verdict ? (
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  {t('verdictGiven', {
                    verdict:
                      petition.verdict === 'satisfied'
                        ? t('verdictSatisfied')
                        : t('verdictUnsatisfied'),
                  })}
                </Typography.Paragraph>
              ) : (
                <Form
                  form={verdictForm}
                  name="petition-verdict"
                  layout="vertical"
                  requiredMark={false}
                  noValidate
                  onFinish={(v) => void onVerdict(v)}
                >
                  <fieldset className="cqdt-rating-group">
                    <legend>{t('verdictQuestion')}</legend>
                    <Form.Item
                      name="satisfied"
                      rules={[{ required: true, message: t('verdictQuestion') }]}
                    >
                      <Radio.Group
                        options={[
                          { value: 'yes', label: t('verdictSatisfied') },
                          { value: 'no', label: t('verdictUnsatisfied') },
                        ]}
                      />
                    </Form.Item>
                  </fieldset>
                  <Form.Item name="comment" label={t('verdictComment')}>
                    <Input.TextArea rows={3} maxLength={1000} />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={loading}>
                    {t('sendVerdict')}
                  </Button>
                </Form>
              )}
            </Card>
          ) : null}
        </section>
      ) : null}
      <Typography.Paragraph style={{ marginTop: 16 }}>
        <Link to={PETITION_PATH}>{t('newPetition')}</Link>
      </Typography.Paragraph>
    </>
  );
}
