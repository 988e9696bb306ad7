import path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..');
/** Project-local, git-ignored folder for tools built or resolved from package registries. */
export const TOOLS_DIR = path.join(ROOT, '.tools');
