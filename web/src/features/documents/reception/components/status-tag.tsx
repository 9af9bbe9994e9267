import { Tag } from 'antd';

import type { ReceptionStatus } from '../api/types';

/** A colour per status; the label the server sends says it in words (never the code alone). */
const STATUS_COLOR: Record<ReceptionStatus, string> = {
  waiting: 'purple',
  sent: 'geekblue',
  '01': 'processing',
  '02': 'error',
  '03': 'success',
  '04': 'success',
  '05': 'success',
  '06': 'success',
  '13': 'warning',
  '15': 'default',
  '16': 'error',
};

export function ReceptionStatusTag({ status, label }: { status: ReceptionStatus; label: string }) {
  return <Tag color={STATUS_COLOR[status] ?? 'default'}>{label}</Tag>;
}
