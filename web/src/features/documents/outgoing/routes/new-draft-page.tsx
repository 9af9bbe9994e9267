import { App as AntdApp, Typography } from 'antd';
import { useNavigate } from 'react-router';

import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { createDraft } from '../api/outgoing';
import { DraftForm, type ExternalRecipientsField } from '../components/draft-form';
import { outgoingMessages } from '../i18n';
import { OUTGOING_PATH, outgoingPath } from '../paths';

/** The officer drafts an outgoing document; the PDF versions are uploaded on its page. */
export default function NewDraftPage({
  ExternalRecipients,
}: {
  /** The exchange's field of recipients outside the system (given by src/app). */
  ExternalRecipients?: ExternalRecipientsField;
}) {
  const t = useTranslate(outgoingMessages);
  const tc = useTranslate(commonMessages);
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  useDocumentTitle(t('createTitle'), tc('appName'));
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('createTitle')}
      </Typography.Title>
      <DraftForm
        ExternalRecipients={ExternalRecipients}
        onSave={async (input) => {
          const created = await createDraft(input);
          void message.success(t('created'));
          void navigate(outgoingPath(created.id));
        }}
        onCancel={() => void navigate(OUTGOING_PATH)}
      />
    </>
  );
}
