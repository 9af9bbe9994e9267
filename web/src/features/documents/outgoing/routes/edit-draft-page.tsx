import { App as AntdApp, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';

import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { PageLoader } from '../../../../shared/ui/page-loader';
import { getOutgoing, updateDraft } from '../api/outgoing';
import { DraftForm, type ExternalRecipientsField } from '../components/draft-form';
import { LoadProblem } from '../components/load-problem';
import { outgoingMessages } from '../i18n';
import { outgoingPath } from '../paths';

/** The drafter edits the details of a draft (PATCH with If-Match; 412 is explained). */
export default function EditDraftPage({
  ExternalRecipients,
}: {
  /** The exchange's field of recipients outside the system (given by src/app). */
  ExternalRecipients?: ExternalRecipientsField;
}) {
  const t = useTranslate(outgoingMessages);
  const tc = useTranslate(commonMessages);
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const id = Number(useParams().id);
  useDocumentTitle(t('editTitle'), tc('appName'));
  const doc = useAsync((signal) => getOutgoing(id, signal), [id]);
  if (doc.loading && !doc.data) {
    return <PageLoader label={tc('loading')} />;
  }
  if (!doc.data) {
    return <LoadProblem error={doc.error} onReload={doc.reload} />;
  }
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('editTitle')}
      </Typography.Title>
      <DraftForm
        ExternalRecipients={ExternalRecipients}
        key={doc.data.version}
        initial={doc.data}
        onSave={async (input) => {
          await updateDraft(doc.data!, input);
          void message.success(tc('saved'));
          void navigate(outgoingPath(id));
        }}
        onCancel={() => void navigate(outgoingPath(id))}
      />
    </>
  );
}
