/**
 * Prisma's schema engine compiled to WebAssembly, driven through a driver adapter.
 *
 * Why not `prisma migrate`: the native schema engine is a binary that Prisma downloads from its
 * own host at first use, and banks (and this project's CI) reach only package registries. The
 * WebAssembly build ships inside an npm package and talks to the database through the same
 * driver adapter the application uses, so migrations run wherever the application runs. It keeps
 * the standard `migrations/<timestamp>_<name>/migration.sql` layout and the `_prisma_migrations`
 * table, so `prisma migrate deploy` behaves identically where the native engine exists.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type EngineModule = typeof import('@prisma/schema-engine-wasm');

// Node's own require, not a test runner's sandboxed one: the engine's glue is an ES module,
// which Node >= 20.19 loads through require() and jest's module registry cannot.
const nodeRequire = createRequire(__filename);
let engineModule: EngineModule | undefined;

function loadEngineModule(): EngineModule {
  if (engineModule) return engineModule;
  const gluePath = nodeRequire.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = nodeRequire(gluePath) as EngineModule & { __wbg_set_wasm(exports: unknown): void };
  const wasm = new WebAssembly.Module(readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(wasm, {
    './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  engineModule = glue;
  return glue;
}

/** Opens a schema engine on the database behind `adapterFactory`. Call `free()` when done. */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  onLog: (line: string) => void = () => undefined,
): Promise<SchemaEngine> {
  const { SchemaEngine: Engine } = loadEngineModule();
  return Engine.new({ datamodels: undefined }, onLog, bindMigrationAwareSqlAdapterFactory(adapterFactory));
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };
