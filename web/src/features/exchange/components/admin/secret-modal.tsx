// A member system's secret, the one time the server sends it (made or renewed): shown in a
// read-only field with a copy button and the warning that it cannot be shown again. Closing the
// dialog forgets it.
import { CopyOutlined } from '@ant-design/icons';
import { Alert, App as AntdApp, Button, Input, Modal } from 'antd';
import { useId } from 'react';

import { useTranslate } from '../../../../shared/i18n/use-translate';
import { exchangeAdminMessages } from '../../admin-i18n';

export function SecretModal({
  name,
  secret,
  onClose,
}: {
  name: string;
  secret: string;
  onClose: () => void;
}) {
  const t = useTranslate(exchangeAdminMessages);
  const { message } = AntdApp.useApp();
  const id = useId();
  const copy = () => {
    navigator.clipboard.writeText(secret).then(
      () => void message.success(t('copied')),
      () => void message.error(t('copyFailed')),
    );
  };
  return (
    <Modal
      open
      title={t('secretTitle', { name })}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('secretDone')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('secretWarning')} style={{ marginBottom: 16 }} />
      <label htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
        {t('secretLabel')}
      </label>
      <Input
        id={id}
        value={secret}
        readOnly
        className="cqdt-mono"
        onFocus={(e) => e.target.select()}
      />
      <Button icon={<CopyOutlined aria-hidden />} onClick={copy} style={{ marginTop: 8 }}>
        {t('copy')}
      </Button>
    </Modal>
  );
}
