import type { AgencyKind, AgencyLevel } from './api/types';

export const AGENCY_KINDS: readonly AgencyKind[] = [
  'provincial_committee',
  'department',
  'commune',
  'ward',
  'special_zone',
  'district',
  'other',
];

export const LEVEL_MESSAGE_KEYS = {
  province: 'levelProvince',
  district: 'levelDistrict',
  commune: 'levelCommune',
  other: 'levelOther',
} as const satisfies Record<AgencyLevel, string>;

export const CSV_COLUMNS = [
  'code',
  'name',
  'shortName',
  'kind',
  'parentCode',
  'address',
  'phone',
  'email',
  'website',
  'validFrom',
  'validTo',
  'mergedIntoCode',
  'splitFromCode',
] as const;
