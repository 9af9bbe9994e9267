// The incoming registration form's values and their mapping to the API's input.
import type { Dayjs } from 'dayjs';

import type {
  Channel,
  Confidentiality,
  DocumentFile,
  IncomingDocumentInput,
  Urgency,
} from '../api/types';

export const DATE = 'YYYY-MM-DD';
export const DATE_FORMATS = ['DD/MM/YYYY', DATE];

export interface FormValues {
  files?: DocumentFile[];
  senderMode: 'directory' | 'text';
  senderAgencyId?: number;
  senderName?: string;
  numberText?: string;
  typeOrdinal?: number;
  issuedDate?: Dayjs | null;
  subject?: string;
  signerName?: string;
  signerPosition?: string;
  urgency: Urgency;
  confidentiality: Confidentiality;
  channel: Channel;
  pageCount?: number | null;
  arrivalDate?: Dayjs | null;
  dueDate?: Dayjs | null;
  toPlaces?: string;
  description?: string;
}

// The form's fields, for mapping the server's field errors (422) onto them.
export const FORM_FIELDS = [
  'files',
  'senderAgencyId',
  'senderName',
  'numberText',
  'typeOrdinal',
  'issuedDate',
  'subject',
  'signerName',
  'signerPosition',
  'urgency',
  'confidentiality',
  'channel',
  'pageCount',
  'arrivalDate',
  'dueDate',
  'toPlaces',
  'description',
] as const;

const day = (value: Dayjs | null | undefined) => (value ? value.format(DATE) : undefined);
export const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

export function toInput(values: FormValues): IncomingDocumentInput {
  const fromDirectory = values.senderMode === 'directory';
  return {
    fileIds: (values.files ?? []).map((file) => file.id),
    senderAgencyId: fromDirectory ? values.senderAgencyId : undefined,
    senderName: fromDirectory ? undefined : text(values.senderName),
    numberText: text(values.numberText),
    typeOrdinal: values.typeOrdinal,
    issuedDate: day(values.issuedDate) ?? '',
    subject: values.subject?.trim() ?? '',
    signerName: text(values.signerName),
    signerPosition: text(values.signerPosition),
    urgency: values.urgency,
    confidentiality: values.confidentiality,
    channel: values.channel,
    pageCount: values.pageCount ?? undefined,
    arrivalDate: day(values.arrivalDate),
    dueDate: day(values.dueDate),
    toPlaces: text(values.toPlaces),
    description: text(values.description),
  };
}
