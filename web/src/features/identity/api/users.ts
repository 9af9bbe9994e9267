import { api } from '../../../shared/api/client';
import type { AgencyOption, CitizenInput, Id, Unit, User, UserInput, UserPatch } from './types';

export function listUsers(
  filter: { q?: string; agencyId?: Id },
  signal?: AbortSignal,
): Promise<{ items: User[] }> {
  return api.get('/users', { query: { q: filter.q, agencyId: filter.agencyId }, signal });
}

export function createUser(input: UserInput): Promise<User> {
  return api.post('/users', input);
}

export function updateUser(id: Id, patch: UserPatch): Promise<User> {
  return api.patch(`/users/${encodeURIComponent(String(id))}`, patch);
}

export function resetUserPassword(id: Id, password: string): Promise<void> {
  return api.post(`/users/${encodeURIComponent(String(id))}/reset-password`, { password });
}

/** Agencies for the agency select of the user form (the org feature owns agency screens). */
export function listAgencyOptions(signal?: AbortSignal): Promise<{ items: AgencyOption[] }> {
  return api.get('/agencies', { signal });
}

export function listUnits(agencyId: Id, signal?: AbortSignal): Promise<{ items: Unit[] }> {
  return api.get(`/agencies/${encodeURIComponent(String(agencyId))}/units`, { signal });
}

/** 202 whether or not the number already had an account (the server does not say). */
export function signUpCitizen(input: CitizenInput): Promise<{ message: string }> {
  return api.post('/citizens', input, { quietUnauthenticated: true });
}
