// Fees at the one-stop desk (docs/api.md "Public service portal"; issue 13 item 4): the agency's
// fee account and the reconciliation of a bank statement with the fees due.

import { api, apiRequest } from '../../shared/api/client';

export interface PaymentAccount {
  agencyId: number;
  bin: string;
  bankName: string;
  account: string;
  accountName: string;
  updatedAt: string;
  updatedBy: string;
}

export type MatchOutcome =
  'matched' | 'amount_differs' | 'unmatched' | 'duplicate_reference' | 'duplicate_dossier';

export interface ReconciliationRow {
  row: number;
  date: string;
  reference: string;
  amount: number;
  description: string;
  outcome: MatchOutcome;
  outcomeLabel: string;
  dossierCode: string;
  expected: number;
}

export interface ReconciliationReport {
  dryRun: boolean;
  applied: boolean;
  matched: number;
  amountDiffers: number;
  unmatched: number;
  duplicates: number;
  rows: ReconciliationRow[];
}

export function getPaymentAccount(agencyId: number, signal?: AbortSignal) {
  return api.get<PaymentAccount>(`/agencies/${agencyId}/payment-account`, { signal });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The statement as it is (CSV or .xlsx); `dryRun` checks it without recording anything. */
export function reconcileStatement(agencyId: number, file: File, dryRun: boolean) {
  const workbook = file.name.toLowerCase().endsWith('.xlsx') || file.type === XLSX;
  return apiRequest<ReconciliationReport>('POST', `/agencies/${agencyId}/payment-statements`, {
    body: file,
    contentType: workbook ? XLSX : 'text/csv',
    query: { dryRun: dryRun ? 'true' : undefined },
  });
}
