import { Tag } from 'antd';

/** A colour per reception state; the server's label says it in words (never the code alone). */
const STATE_COLOR: Record<string, string> = {
  received: 'processing',
  registered: 'success',
  refused: 'error',
  revoked: 'default',
  superseded: 'default',
};

export function ReceptionStateTag({ state, label }: { state: string; label: string }) {
  return <Tag color={STATE_COLOR[state] ?? 'default'}>{label}</Tag>;
}
