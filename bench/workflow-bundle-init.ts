/**
 * What a new workflow pays to load the workflow bundle, with and without the shared libraries,
 * in one run.
 *
 * The SDK's reusable V8 context evaluates the bundle's modules once for each workflow run it
 * starts or replays (each workflow has its own module cache), except modules preloaded into a
 * shared cache before the first workflow (`bundlerOptions.preloadModules`), which the SDK then
 * deep-freezes together with the globals they left. Every block, callback or consent start pays
 * the load on a worker core before its first command, and a cached workflow keeps its modules'
 * state in memory. This script bundles the workflows as the worker does, twice (no preload /
 * WORKFLOW_PRELOAD_MODULES: workflows/shared-libraries.ts), evaluates each bundle in a V8 context
 * the way the SDK does (preload into the shared cache, freeze globals and shared modules, then a
 * fresh module cache per workflow), and times `importWorkflows()` per simulated workflow. A shared
 * module that cannot live frozen fails here as it would in the worker.
 *
 *   npx tsx bench/workflow-bundle-init.ts [workflows=300]
 */
import vm from 'node:vm';
import { bundleWorkflows } from '../test/support/temporal';
import { WORKFLOW_PRELOAD_MODULES } from '../workers/worker';

interface Measured {
  label: string;
  p50: number;
  p99: number;
  shared: number;
  perWorkflow: number;
}

async function measure(label: string, preloadModules: string[], workflows: number): Promise<Measured> {
  const { code } = await bundleWorkflows(preloadModules);
  const shared = new Map<PropertyKey, unknown>();
  let perWorkflow: Map<PropertyKey, unknown> | undefined;
  const cache = new Proxy(
    {},
    {
      get: (_, key) => shared.get(key) ?? perWorkflow?.get(key),
      set: (_, key, value) => ((perWorkflow ?? shared).set(key, value), true),
    },
  );
  // Own objects only: freezing the context's globals below must not freeze this process's console.
  const sandboxConsole = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
  const context = vm.createContext({ TextEncoder, TextDecoder, URL, URLSearchParams, AbortController, AbortSignal, console: sandboxConsole });
  Object.defineProperty(context, '__webpack_module_cache__', { value: cache });
  new vm.Script(code, { filename: 'workflow-bundle.js' }).runInContext(context);
  const temporal = (context as { __TEMPORAL__: { preloadModules?: () => void; importWorkflows(): unknown } }).__TEMPORAL__;
  temporal.preloadModules?.();
  // As the SDK (reusable-vm.js): the globals as they are now, then the shared modules.
  const globals = vm.runInContext('Object.getOwnPropertyDescriptors(globalThis)', context) as Record<PropertyKey, PropertyDescriptor>;
  for (const key of Reflect.ownKeys(globals)) if (key !== 'globalThis') deepFreeze(globals[key]!.value);
  for (const module of shared.values()) deepFreeze(module);
  const times: number[] = [];
  for (let i = 0; i < workflows; i++) {
    perWorkflow = new Map();
    const started = performance.now();
    temporal.importWorkflows();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { label, p50: times[Math.floor(times.length / 2)]!, p99: times[Math.floor(times.length * 0.99)]!, shared: shared.size, perWorkflow: perWorkflow?.size ?? 0 };
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
  const workflows = Number(process.argv[2] ?? 300);
  const none = await measure('nothing shared (before)', [], workflows);
  const preloaded = await measure('WORKFLOW_PRELOAD_MODULES shared (zod)', WORKFLOW_PRELOAD_MODULES, workflows);
  console.log(`| bundle | modules shared | modules per workflow | load p50 ms | load p99 ms |`);
  console.log(`|---|---:|---:|---:|---:|`);
  for (const m of [none, preloaded]) console.log(`| ${m.label} | ${m.shared} | ${m.perWorkflow} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} |`);
  console.log(`\nper-workflow load with the shared libraries: ${(preloaded.p50 / none.p50).toFixed(2)}× at p50, ${(preloaded.p99 / none.p99).toFixed(2)}× at p99 (${workflows} workflows each, one run)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
