// Where a received dossier goes (issue 12 item 3, liên thông): the deciding agency (the
// receiving agency by default; a province department for a dossier received at the centre or a
// ward desk), and for every step the procedure's process gives to another agency, which agency
// performs it (the commune where the land lies, the police of the ward…). Part of the receive
// form: the fields are `decidingAgencyId` and `stepAgencies.<ordinal>`.
import { Form, Select, Typography } from 'antd';

import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import type { ProcessStep } from './api';
import { listAgencies } from './dossier-api';
import { dossierMessages } from './dossier-i18n';

export function ReceiveRouting({ process }: { process: ProcessStep[] }) {
  const t = useTranslate(dossierMessages);
  const agencies = useAsync((signal) => listAgencies(signal), []);
  const options = (agencies.data?.items ?? [])
    .filter((a) => a.active)
    .map((a) => ({ value: a.id, label: a.name }));
  const others = process
    .map((s, i) => ({ step: s, ordinal: i + 1 }))
    .filter(({ step }) => step.performer === 'other_agency');
  return (
    <>
      <Form.Item
        name="decidingAgencyId"
        label={t('decidingAgency')}
        extra={t('decidingAgencyHint')}
      >
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={agencies.loading}
          placeholder={t('decidingAgencyOwn')}
          options={options}
        />
      </Form.Item>
      {others.length > 0 ? (
        <Typography.Paragraph type="secondary">{t('interAgencyHint')}</Typography.Paragraph>
      ) : null}
      {others.map(({ step, ordinal }) => (
        <Form.Item
          key={ordinal}
          name={['stepAgencies', String(ordinal)]}
          label={t('stepAgency', { step: step.name })}
          rules={[{ required: true, message: t('stepAgencyRequired', { step: step.name }) }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={agencies.loading}
            options={options}
          />
        </Form.Item>
      ))}
    </>
  );
}
