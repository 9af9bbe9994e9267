import type { Agency, Id } from './api/types';

export interface AgencyNode {
  agency: Agency;
  children: AgencyNode[];
}

const byCode = (a: AgencyNode, b: AgencyNode) => a.agency.code.localeCompare(b.agency.code);

/** Builds the hierarchy from parentId. An agency whose parent is missing becomes a root. */
export function buildAgencyTree(agencies: readonly Agency[]): AgencyNode[] {
  const nodes = new Map<string, AgencyNode>();
  for (const agency of agencies) {
    nodes.set(String(agency.id), { agency, children: [] });
  }
  const roots: AgencyNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.agency.parentId;
    const parent =
      parentId !== null && parentId !== undefined ? nodes.get(String(parentId)) : undefined;
    // A cycle in bad data must not hide agencies: a node that is its own parent is a root.
    if (parent && parent !== node) {
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  const sort = (list: AgencyNode[]) => {
    list.sort(byCode);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** The ids of an agency and all agencies below it. */
export function subtreeIds(agencies: readonly Agency[], rootId: Id): Set<string> {
  const children = new Map<string, string[]>();
  for (const agency of agencies) {
    if (agency.parentId !== null && agency.parentId !== undefined) {
      const key = String(agency.parentId);
      const list = children.get(key) ?? [];
      list.push(String(agency.id));
      children.set(key, list);
    }
  }
  const result = new Set<string>();
  const stack = [String(rootId)];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (result.has(id)) continue;
    result.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}
