/**
 * One data model, two providers. Prisma generates one client per provider, so the hand-edited
 * `prisma/models.prisma` is rendered into `prisma/<provider>/schema.prisma` with that provider's
 * generator and datasource blocks. The rendered files are committed: they are the schema the
 * latest migration produced, and the base the next migration is diffed from.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const PROVIDERS = ['sqlite', 'postgresql'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const PRISMA_DIR = path.resolve(__dirname, '..');
export const MODELS_FILE = path.join(PRISMA_DIR, 'models.prisma');

export function providerDir(provider: Provider): string {
  return path.join(PRISMA_DIR, provider);
}
export function schemaFile(provider: Provider): string {
  return path.join(providerDir(provider), 'schema.prisma');
}
export function migrationsDir(provider: Provider): string {
  return path.join(providerDir(provider), 'migrations');
}

/** The provider's full schema text, rendered from `models.prisma`. */
export function renderSchema(provider: Provider, models = readFileSync(MODELS_FILE, 'utf8')): string {
  return `// GENERATED from prisma/models.prisma by \`npm run db:schemas\`: edit that file, not this one.

generator client {
  provider            = "prisma-client"
  output              = "../generated/${provider}"
  moduleFormat        = "cjs"
  importFileExtension = ""
}

datasource db {
  provider = "${provider}"
}

${models.trim()}
`;
}
