// What a mail screen shows when its data did not load: the plain notice that e-mail is off (the
// server answers 503 while [mail] enabled is false), or the error with a way to try again.
import { Alert, Button, Space } from 'antd';

import { ErrorAlert } from '../../../shared/ui/error-alert';
import { isMailOff } from '../api';

export function MailLoadError({
  error,
  offTitle,
  offText,
  title,
  reloadLabel,
  onReload,
}: {
  error: unknown;
  offTitle: string;
  offText: string;
  title: string;
  reloadLabel: string;
  onReload: () => void;
}) {
  if (isMailOff(error)) {
    return (
      <Alert
        type="warning"
        showIcon
        title={offTitle}
        description={offText}
        data-testid="mail-off"
        style={{ marginBottom: 16 }}
      />
    );
  }
  return (
    <Space direction="vertical" style={{ marginBottom: 16 }}>
      <ErrorAlert error={error} title={title} />
      <Button onClick={onReload}>{reloadLabel}</Button>
    </Space>
  );
}
