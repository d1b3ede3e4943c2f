/** Types of scripts/runTree.js for the tests (the script itself is plain JavaScript checked by JSDoc). */
export function runTree(root: string, sourceDirs: readonly string[]): { files: string[]; name: string };
