/**
 * What a new workflow pays to load its code from the workflow bundle, in one run: the eager index
 * with nothing shared, the eager index with the shared libraries, and the lazy entry with them
 * (what the worker runs: only the workflow's own modules load).
 *
 * The SDK's reusable V8 context evaluates the bundle's modules once for each workflow run it
 * starts or replays (each workflow has its own module cache), except modules preloaded into a
 * shared cache before the first workflow (`bundlerOptions.preloadModules`), which the SDK then
 * deep-freezes together with the globals they left. Every block, callback or consent start pays
 * the load on a worker core before its first command, and a cached workflow keeps its modules'
 * state in memory. This script bundles the workflows as the worker does, twice (no preload /
 * WORKFLOW_PRELOAD_MODULES: workflows/shared-libraries.ts; entry workflows/index.ts or
 * workflows/worker-entry.ts), evaluates each bundle in a V8 context the way the SDK does (preload
 * into the shared cache, freeze globals and shared modules, then a fresh module cache per
 * workflow), and times the SDK's lookup `importWorkflows()[workflowType]` per simulated workflow,
 * for a block and a callback. A shared module that cannot live frozen fails here as it would in
 * the worker.
 *
 *   npx tsx bench/workflow-bundle-init.ts [workflows=300]
 */
import vm from 'node:vm';
import { bundleWorkflows } from '../test/support/temporal';
import { WORKFLOW_PRELOAD_MODULES, WORKFLOWS_PATH } from '../workers/worker';

const EAGER_INDEX = require.resolve('../workflows/index');

interface Measured {
  label: string;
  p50: number;
  p99: number;
  shared: number;
  perWorkflow: number;
}

async function measure(label: string, workflowsPath: string, preloadModules: string[], workflowType: string, workflows: number): Promise<Measured> {
  const { code } = await bundleWorkflows({ workflowsPath, preloadModules });
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
  const temporal = (context as { __TEMPORAL__: { preloadModules?: () => void; importWorkflows(): Record<string, unknown> } }).__TEMPORAL__;
  temporal.preloadModules?.();
  // As the SDK (reusable-vm.js): the globals as they are now, then the shared modules.
  const globals = vm.runInContext('Object.getOwnPropertyDescriptors(globalThis)', context) as Record<PropertyKey, PropertyDescriptor>;
  for (const key of Reflect.ownKeys(globals)) if (key !== 'globalThis') deepFreeze(globals[key]!.value);
  for (const module of shared.values()) deepFreeze(module);
  const times: number[] = [];
  for (let i = 0; i < workflows; i++) {
    perWorkflow = new Map();
    const started = performance.now();
    const workflow = temporal.importWorkflows()[workflowType];
    times.push(performance.now() - started);
    if (typeof workflow !== 'function') throw new Error(`${label}: no workflow ${workflowType}`);
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
  console.log(`| bundle | workflow | modules shared | modules per workflow | load p50 ms | load p99 ms |`);
  console.log(`|---|---|---:|---:|---:|---:|`);
  for (const workflowType of ['contactBlockWorkflow', 'callbackWorkflow']) {
    const none = await measure('eager index, nothing shared', EAGER_INDEX, [], workflowType, workflows);
    const zod = await measure('eager index, zod shared', EAGER_INDEX, WORKFLOW_PRELOAD_MODULES, workflowType, workflows);
    const lazy = await measure('lazy entry, zod shared (the worker)', WORKFLOWS_PATH, WORKFLOW_PRELOAD_MODULES, workflowType, workflows);
    for (const m of [none, zod, lazy]) console.log(`| ${m.label} | ${workflowType} | ${m.shared} | ${m.perWorkflow} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} |`);
    console.log(`| ${workflowType}: the worker's load vs. the eager index with zod shared | | | | ${(lazy.p50 / zod.p50).toFixed(2)}× | ${(lazy.p99 / zod.p99).toFixed(2)}× |`);
  }
  console.log(`\n(${workflows} workflows each, one run)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
