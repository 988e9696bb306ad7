/**
 * What a new workflow pays to load the workflow bundle, and how much of it is zod, in one run.
 *
 * The SDK's reusable V8 context evaluates the bundle's modules once for each workflow run it
 * starts or replays (each workflow has its own module cache), except modules preloaded into a
 * shared cache before the first workflow (`bundlerOptions.preloadModules`), which the SDK then
 * deep-freezes. Every block, callback or consent start pays this on a worker core before its
 * first command. This script bundles the workflows as the worker does, evaluates the bundle in a
 * V8 context the way the SDK does (a fresh module cache per workflow), and times
 * `importWorkflows()` per simulated workflow: everything per workflow, then with the modules
 * under node_modules kept between workflows (what sharing zod would save).
 *
 * Sharing zod is not possible today: zod 4 writes into its shared objects while parsing (the
 * `lastIndex` of its exported format regexes, its lazily set default locale and memoizer), and
 * frozen they throw. Run with `--frozen` to see the first such error.
 *
 *   npx tsx bench/workflow-bundle-init.ts [workflows=300] [--frozen]
 */
import vm from 'node:vm';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../platform/temporal';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../workers/worker';

const quiet = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };

interface Measured {
  label: string;
  p50: number;
  p99: number;
  kept: number;
  perWorkflow: number;
}

async function bundle(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger: quiet });
  return code;
}

/** `keep(moduleId)`: modules kept between workflows after the first one loaded them. */
function measure(code: string, label: string, keep: (moduleId: string) => boolean, workflows: number, freeze: boolean): Measured {
  const shared = new Map<PropertyKey, unknown>();
  let perWorkflow: Map<PropertyKey, unknown> | undefined;
  const cache = new Proxy(
    {},
    {
      get: (_, key) => shared.get(key) ?? perWorkflow?.get(key),
      set: (_, key, value) => ((perWorkflow ?? shared).set(key, value), true),
    },
  );
  const context = vm.createContext({ TextEncoder, TextDecoder, URL, URLSearchParams, AbortController, AbortSignal, console });
  Object.defineProperty(context, '__webpack_module_cache__', { value: cache });
  new vm.Script(code, { filename: 'workflow-bundle.js' }).runInContext(context);
  const temporal = (context as { __TEMPORAL__: { importWorkflows(): unknown } }).__TEMPORAL__;
  // A first workflow loads everything; what `keep` selects becomes shared from then on.
  perWorkflow = new Map();
  temporal.importWorkflows();
  for (const [key, module] of perWorkflow) {
    if (!keep(String(key))) continue;
    shared.set(key, module);
    if (freeze) deepFreeze(module);
  }
  const times: number[] = [];
  for (let i = 0; i < workflows; i++) {
    perWorkflow = new Map();
    const started = performance.now();
    temporal.importWorkflows();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { label, p50: times[Math.floor(times.length / 2)]!, p99: times[Math.floor(times.length * 0.99)]!, kept: [...shared.keys()].filter((key) => keep(String(key))).length, perWorkflow: perWorkflow.size };
}

/**
 * As the SDK's reusable VM freezes shared modules (reusable-vm.js, `deepFreeze`): objects are
 * walked, functions only frozen, children that cannot be frozen (typed arrays) left as they are.
 * A shared module that cannot live frozen fails here as it would in the worker.
 */
function deepFreeze(value: unknown, seen = new WeakSet<object>()): void {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return;
  seen.add(value);
  if (Object.isFrozen(value)) return;
  if (typeof value === 'object') {
    for (const key of Reflect.ownKeys(value)) {
      try {
        deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
      } catch {
        // As the SDK: some objects cannot be frozen.
      }
    }
  }
  Object.freeze(value);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const workflows = Number(args.find((arg) => !arg.startsWith('--')) ?? 300);
  const freeze = args.includes('--frozen');
  const code = await bundle();
  const all = measure(code, 'every module per workflow (as today)', () => false, workflows, false);
  const libraries = measure(code, 'node_modules kept between workflows', (id) => id.includes('node_modules/'), workflows, freeze);
  console.log(`| bundle | modules kept | modules per workflow | load p50 ms | load p99 ms |`);
  console.log(`|---|---:|---:|---:|---:|`);
  for (const m of [all, libraries]) console.log(`| ${m.label} | ${m.kept} | ${m.perWorkflow} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} |`);
  console.log(`\nper-workflow load with libraries kept: ${(libraries.p50 / all.p50).toFixed(2)}× at p50, ${(libraries.p99 / all.p99).toFixed(2)}× at p99 (${workflows} workflows each, one run)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
