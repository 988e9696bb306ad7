/**
 * Libraries the worker loads once and shares between all workflows (`WORKFLOW_PRELOAD_MODULES`
 * in workers/worker.ts), instead of loading them again for every workflow it starts or replays.
 *
 * zod: its own initialisation was two thirds of the module load every new workflow paid (8.8 of
 * 13.2 ms at p50, bench/workflow-bundle-init.ts), and its module state much of the 1.7 MiB a
 * cached workflow holds. The domain's schemas stay per workflow: they are built by the modules
 * workflows import, and zod schemas define properties on themselves as they are used.
 *
 * How sharing stays safe: the SDK deep-freezes what preloading leaves reachable (shared modules'
 * exports, and globals), so that no workflow can leave state behind for another.
 * - zod seals (freezes) each of its modules' exports itself, which stops the SDK's walk there;
 *   this module exports a flag only, never zod's namespace (its re-export wrappers are not
 *   sealed: through them the walk froze zod's format regexes, whose `lastIndex` every check
 *   resets, and every email check threw).
 * - zod keeps its config in a global (`globalThis.__zod_globalConfig`), which the SDK freezes,
 *   and sets its default locale and memoizer there on the first schema built: set here, before
 *   the freeze. Nothing in Drehscheibe calls `z.config` later (it would throw in a workflow).
 * - What zod keeps between calls otherwise is a cache of derived internals per schema instance,
 *   lazily installed accessors on its classes' internal prototypes (the same for every
 *   workflow), and its registry of `.meta()` (a WeakMap keyed by the schema: it goes with the
 *   workflow's schemas); parsing is synchronous, so no workflow sees another's parse.
 *
 * Preloading by name (`'zod'`) would do nothing: zod's package says `sideEffects: false`, and
 * webpack drops a `require` whose result is unused. Here zod is used.
 */
import { z } from 'zod';

z.config(z.locales.en());
z.config({ memoizer: z.memoizer() });

/** True once zod is loaded and configured for sharing (the export keeps this module in the bundle). */
export const SHARED_LIBRARIES_READY = true;
