// Delegations (docs/api.md "Work queues, delegation and comments"): a leader gives a deputy the
// right to receive, assign or sign for a period; the delegator revokes it.

import { api } from '../../../shared/api/client';

export type Right = 'receive' | 'assign' | 'sign';
export const RIGHTS: readonly Right[] = ['receive', 'assign', 'sign'];

export interface Delegation {
  id: number;
  fromUserId: number | string;
  fromName: string;
  toUserId: number | string;
  toName: string;
  rights: Right[];
  rightLabels: string[];
  startsOn: string;
  endsOn: string;
  reason: string;
  createdAt: string;
  revokedAt: string | null;
  revokeReason: string;
  active: boolean;
}

export interface DelegationInput {
  toUserId: number | string;
  rights: Right[];
  startsOn?: string;
  endsOn: string;
  reason: string;
}

export interface Colleague {
  id: number | string;
  username: string;
  fullName: string;
  position: string;
  roles: string[];
  disabled: boolean;
}

export function listDelegations(signal?: AbortSignal) {
  return api.get<{ items: Delegation[] }>('/documents/delegations', { signal });
}

export function createDelegation(input: DelegationInput) {
  return api.post<Delegation>('/documents/delegations', input);
}

export function revokeDelegation(id: number, reason: string) {
  return api.post<Delegation>(`/documents/delegations/${id}/revoke`, reason ? { reason } : {});
}

/** The staff of the caller's agency (the API limits a non-admin to their own agency). */
export function listColleagues(signal?: AbortSignal) {
  return api.get<{ items: Colleague[] }>('/users', { signal });
}
