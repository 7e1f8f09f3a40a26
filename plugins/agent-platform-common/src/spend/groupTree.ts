/**
 * The group tree as spend rolls up through it: each Group's child Groups,
 * from `spec.children` and from the children's `spec.parent`.
 *
 * @public
 */
export type SpendGroupTree = Map<string, string[]>;

/**
 * Every Group under `root` (and `root` itself), each once: a team reached
 * through two paths (listed under two parents) counts once; a cycle in the
 * tree ends where it meets a group already seen.
 *
 * @public
 */
export function groupSubtree(tree: SpendGroupTree, root: string): string[] {
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const child of tree.get(queue.shift()!) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return [...seen];
}

/**
 * How a Group's spend rolls up: the groups whose spend it is (its subtree),
 * and for each direct child its own subtree (for the breakdown by child
 * team). A child that is also an ancestor (a cycle) is left out of the
 * children.
 *
 * @public
 */
export function groupRollup(
  tree: SpendGroupTree,
  root: string,
): { groups: string[]; children: Array<{ ref: string; groups: string[] }> } {
  const children = [...new Set(tree.get(root) ?? [])]
    .filter(child => child !== root)
    .map(child => ({
      ref: child,
      groups: groupSubtree(tree, child).filter(g => g !== root),
    }))
    .filter(child => child.groups.length > 0);
  return { groups: groupSubtree(tree, root), children };
}
