/**
 * How the workflows are bundled (workers/worker.ts, workflows/worker-entry.ts): the worker's entry
 * offers every workflow of the index and loads a workflow's module only when its type is looked
 * up; every place that bundles gets the same options, with the failure converter the data
 * converter names.
 */
import { FAILURE_CONVERTER_PATH } from '../platform/temporal';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOW_PRELOAD_MODULES, WORKFLOWS_PATH, workflowBundleOptions } from '../workers/worker';
import * as index from '../workflows';

type Entry = Record<string, unknown>;

test('the entry offers exactly the workflows of the index, the same functions', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry is CommonJS by design
  const entry = require('../workflows/worker-entry') as Entry;
  expect(Object.keys(entry).sort()).toEqual(Object.keys(index).sort());
  for (const [name, workflow] of Object.entries(index)) expect(entry[name]).toBe(workflow);
});

test("looking up one workflow type does not load another type's module", () => {
  jest.isolateModules(() => {
    jest.doMock('../workflows/callback.workflow', () => {
      throw new Error('callback.workflow was loaded');
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry is CommonJS by design
    const entry = require('../workflows/worker-entry') as Entry;
    expect(typeof entry.contactBlockWorkflow).toBe('function');
    expect(typeof entry.consentCheckWorkflow).toBe('function');
    // The mock shows the module is loaded on lookup, not before.
    expect(() => entry.callbackWorkflow).toThrow('callback.workflow was loaded');
  });
});

test('one set of bundle options: the lazy entry, the failure converter, the interceptors, the shared libraries', () => {
  const options = workflowBundleOptions();
  expect(options.workflowsPath).toBe(WORKFLOWS_PATH);
  expect(WORKFLOWS_PATH).toMatch(/workflows[\\/]worker-entry\.(ts|js)$/);
  expect(options.failureConverterPath).toBe(FAILURE_CONVERTER_PATH);
  expect(options.workflowInterceptorModules).toEqual(WORKFLOW_INTERCEPTOR_MODULES);
  expect(options.preloadModules).toEqual(WORKFLOW_PRELOAD_MODULES);
  expect(typeof options.webpackConfigHook).toBe('function');
});

test('the build locates every module the same way (its compiled counterpart)', () => {
  const options = workflowBundleOptions({ locate: (source) => `/dist/${source.split(/[\\/]/).pop()!.replace(/\.ts$/, '.js')}` });
  expect(options.workflowsPath).toBe('/dist/worker-entry.js');
  expect(options.failureConverterPath).toBe('/dist/failure-converter.js');
  expect(options.workflowInterceptorModules).toEqual(['/dist/request-id.interceptors.js']);
  expect(options.preloadModules).toEqual(['/dist/shared-libraries.js']);
});
