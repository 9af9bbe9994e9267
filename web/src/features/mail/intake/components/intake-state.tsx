import { Tag } from 'antd';

import type { IntakeState } from '../api';
import { STATE_COLOUR } from '../lib/labels';

/** The item's state in the server's words, with a colour that only repeats them. */
export function IntakeStateTag({ state, label }: { state: IntakeState; label: string }) {
  return <Tag color={STATE_COLOUR[state] ?? 'default'}>{label}</Tag>;
}
