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
}

export type AgencyPatch = Partial<AgencyInput>;

export interface ImportRowError {
  field?: string;
  code?: string;
  message: string;
}

export interface ImportRow {
  /** Data row number, 1 = the first row after the CSV header (or items[0]). */
  row: number;
  code?: string;
  status: 'ok' | 'rejected';
  errors?: ImportRowError[];
}

export interface ImportReport {
  imported: number;
  /** Rows that passed validation (the server adds it; equals imported unless dryRun). */
  valid?: number;
  dryRun?: boolean;
  rows: ImportRow[];
}
