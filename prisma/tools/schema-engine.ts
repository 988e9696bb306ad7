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
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type * as EngineExports from '@prisma/schema-engine-wasm';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type EngineModule = typeof EngineExports;

// Node has the WebAssembly global; @types/node 20 does not declare it. The part used here:
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
};

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
    './schema_engine_bg.js': glue,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  engineModule = glue;
  return glue;
}

const MOCK_ADAPTER = Symbol.for('adapter.mockAdapter');

/** A schema engine and the database connections it opened. */
export interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its connections: `free()` alone leaves them (and SQLite's lock) open. */
  close(): Promise<void>;
}

/** Opens a schema engine on the database behind `adapterFactory`. */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  onLog: (line: string) => void = () => undefined,
): Promise<OpenEngine> {
  const { SchemaEngine: Engine } = loadEngineModule();
  const opened: SqlDriverAdapter[] = [];
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    const connected = await adapter;
    opened.push(connected);
    return connected;
  };
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    connect: () => track(adapterFactory.connect()),
    connectToShadowDb: () => track(adapterFactory.connectToShadowDb()),
  };
  const engine = await Engine.new({ datamodels: undefined }, onLog, bindMigrationAwareSqlAdapterFactory(tracking));
  return {
    engine,
    async close() {
      engine.free();
      // Prisma's mock adapter (pure datamodel diffs) has no connection and rejects dispose().
      await Promise.all(opened.filter((adapter) => !(MOCK_ADAPTER in adapter)).map((adapter) => adapter.dispose()));
    },
  };
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };
