#!/bin/sh
# Stands in for Prisma's native schema engine, which Prisma would download from outside the
# package registries. `prisma generate` only checks that the file exists; migrations use the
# WebAssembly engine (prisma/tools/schema-engine.ts). If this ever runs, something tried to
# use the native engine: fail loudly instead of silently.
echo "Prisma's native schema engine is not available here; use npm run db:migrate / db:migration" >&2
exit 1
