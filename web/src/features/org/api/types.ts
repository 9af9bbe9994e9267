export type Id = string | number;

export type AgencyKind =
  | 'provincial_committee'
  | 'department'
  | 'commune'
  | 'ward'
  | 'special_zone'
  | 'district'
  | 'other';

export type AgencyLevel = 'province' | 'district' | 'commune' | 'other';

export interface Agency {
  id: Id;
  code: string;
  name: string;
  shortName: string;
  kind: AgencyKind;
  level: AgencyLevel;
  parentId: Id | null;
  address: string;
  phone: string;
  email: string;
  website: string;
  validFrom: string;
  validTo: string | null;
  mergedIntoId: Id | null;
  splitFromId: Id | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  /** POST and PATCH only: advice that did not prevent saving (e.g. code not under the parent's). */
  warnings?: ImportRowError[];
}

export interface AgencyInput {
  code: string;
  name: string;
  shortName: string;
  kind: AgencyKind;
  parentId?: Id | null;
  address?: string;
  phone?: string;
  email?: string;
  website?: string;
  validFrom?: string;
  validTo?: string | null;
  /** Lineage (sáp nhập vào / tách từ); null clears it. */
  mergedIntoId?: Id | null;
  splitFromId?: Id | null;
}

export type AgencyPatch = Partial<AgencyInput>;

export interface ImportRowError {
  field?: string;
  code?: string;
  message: string;
}

/** create: every row is a new agency; upsert: rows matching an agency (code, start date) update it. */
export type ImportMode = 'create' | 'upsert';

export type ImportAction = 'created' | 'updated' | 'unchanged';

export interface ImportRow {
  /** The row as the user sees it: the CSV line (header = line 1), or the position in items. */
  row: number;
  code?: string;
  status: 'ok' | 'rejected';
  action?: ImportAction;
  errors?: ImportRowError[];
  warnings?: ImportRowError[];
}

export interface ImportReport {
  /** Rows written (created + updated); 0 for a dry run. */
  imported: number;
  /** Rows that passed validation. */
  valid?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  mode?: ImportMode;
  dryRun?: boolean;
  rows: ImportRow[];
}
