import type { orgMessages } from './i18n';

type OrgKey = keyof typeof orgMessages.vi;

/**
 * The message key of the label officials see for an API / CSV field name, so that import errors
 * read "Tên viết tắt: …" rather than "shortName …". Row prefixes (`rows[3].`, `items[2].`) are
 * ignored. Unknown fields: null (the message alone is shown).
 */
export function fieldLabelKey(field: string | undefined): OrgKey | null {
  const name = (field ?? '').replace(/^(?:rows|items)\[\d+\]\.?/, '');
  const keys: Record<string, OrgKey> = {
    code: 'code',
    name: 'name',
    shortName: 'shortName',
    kind: 'kind',
    parentCode: 'parent',
    parentId: 'parent',
    address: 'address',
    phone: 'phone',
    email: 'email',
    website: 'website',
    validFrom: 'validFrom',
    validTo: 'validTo',
    mergedIntoCode: 'mergedInto',
    mergedIntoId: 'mergedInto',
    splitFromCode: 'splitFrom',
    splitFromId: 'splitFrom',
    header: 'importHeader',
    file: 'importFile',
  };
  return Object.hasOwn(keys, name) ? (keys[name] as OrgKey) : null;
}
