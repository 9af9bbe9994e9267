import type { Role } from '../../../shared/auth/types';

export type Id = string | number;

export interface User {
  id: Id;
  username: string;
  fullName: string;
  email: string;
  phone: string;
  agencyId: Id;
  agencyName: string;
  unitId: Id | null;
  position: string;
  roles: Role[];
  disabled: boolean;
  /** The password is one an administrator chose; the user has not replaced it yet. */
  passwordChangeRequired?: boolean;
  createdAt: string;
}

export interface UserInput {
  username: string;
  fullName: string;
  email: string;
  phone?: string;
  agencyId: Id;
  unitId?: Id;
  position?: string;
  roles: Role[];
  password: string;
}

export type UserPatch = Partial<{
  fullName: string;
  email: string;
  phone: string;
  unitId: Id | null;
  position: string;
  roles: Role[];
  disabled: boolean;
}>;

export interface AgencyOption {
  id: Id;
  code: string;
  name: string;
  active: boolean;
}

export interface Unit {
  id: Id;
  agencyId: Id;
  name: string;
  shortName: string;
  code: string;
}

export interface CitizenInput {
  fullName: string;
  citizenIdNumber: string;
  phone: string;
  email?: string;
  password: string;
}
