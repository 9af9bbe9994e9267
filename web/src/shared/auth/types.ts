export type Role =
  'admin' | 'clerk' | 'officer' | 'leader' | 'counter_officer' | 'citizen' | 'system';

export type Realm = 'staff' | 'citizen';

/** The signed-in person, as `GET /auth/session` returns it. */
export interface Me {
  id: string | number;
  realm: Realm;
  username: string;
  fullName: string;
  agencyId?: string | number | null;
  agencyName?: string | null;
  roles: Role[];
  /**
   * An administrator chose this account's password: until its holder chooses their own, the
   * server refuses everything else (403 password-change-required) and the app shows only the
   * change-password page.
   */
  passwordChangeRequired?: boolean;
  /** False for a citizen whose account VNeID created: no password to change. */
  hasPassword?: boolean;
}

export interface SessionAnswer {
  user: Me;
  csrfToken: string;
  /** This instance keeps the files of confidential documents (`[documents] confidential_files`). */
  confidentialFiles?: boolean;
  /** Official e-mail is on (`[mail] enabled`): the pages ask its endpoints only then. */
  mail?: boolean;
}
