// A button that checks the digital signatures of a file the page can load (the citizen's result,
// issue 13 item 6) through the public verification (POST /signatures/verify), and the report
// under it: what /kiem-tra-chu-ky shows for an uploaded file, for a file already at hand.
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useState } from 'react';

import { useVerification, VerificationOutcome } from './verification-panel';

export interface SignatureCheckProps {
  /** Reads the file to check (rejects with the reason it could not). */
  load: () => Promise<Blob>;
  fileName: string;
  /** The button's words. */
  label: string;
}

export function SignatureCheck({ load, fileName, label }: SignatureCheckProps) {
  const { state, verify } = useVerification();
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<unknown>(null);

  const check = async () => {
    setReading(true);
    setReadError(null);
    try {
      const blob = await load();
      await verify(blob, fileName);
    } catch (error) {
      setReadError(error);
    } finally {
      setReading(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button
        icon={<SafetyCertificateOutlined />}
        loading={reading || state.status === 'loading'}
        onClick={() => void check()}
      >
        {label}
      </Button>
      <VerificationOutcome state={readError ? { status: 'error', error: readError } : state} />
    </Space>
  );
}
