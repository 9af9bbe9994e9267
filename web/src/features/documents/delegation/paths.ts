// Delegation of a leader's rights to a deputy (ủy quyền, issue 10).
export const DELEGATION_PATH = '/van-ban/uy-quyen';
