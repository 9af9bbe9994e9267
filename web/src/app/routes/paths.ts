/** The staff change-password page; staff whose password an administrator chose are kept here. */
export const CHANGE_PASSWORD_PATH = '/doi-mat-khau';

/** The citizens' change-password page, in the portal. */
export const CITIZEN_CHANGE_PASSWORD_PATH = '/portal/doi-mat-khau';
