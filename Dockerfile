# syntax=docker/dockerfile:1
# Otto Console: the gateway, the built console and a supervised `opencode serve` in one image.
#   docker build -t otto-console .     (or: docker compose up -d, see README "Run with Docker")

# Where no prebuilt binary of better-sqlite3 fits, npm compiles it; both install stages need the tools.
FROM node:20-bookworm-slim AS toolchain
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# Build: every workspace with its development dependencies, then the gateway bundle (apps/gateway/dist,
# the workspace libs bundled in, third-party packages external) and the console (apps/console/dist).
FROM toolchain AS build
COPY package.json package-lock.json ./
COPY apps/gateway/package.json apps/gateway/
COPY apps/console/package.json apps/console/
COPY libs/opencode/package.json libs/opencode/
COPY libs/store/package.json libs/store/
COPY libs/testkit/package.json libs/testkit/
# `npm install`, not `npm ci`: the lock lacks some other platforms' optional binaries.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# Production dependencies of the workspaces the gateway runs on. libs/testkit (test kit, browser
# driver) and apps/console (shipped as built files) are left out, so none of their dependencies is
# installed: npm counts every workspace present as a production dependency of the root.
# Install scripts stay on: better-sqlite3 and opencode-ai (which puts the opencode binary in place) need theirs.
FROM toolchain AS production-deps
COPY package.json package-lock.json ./
COPY apps/gateway/package.json apps/gateway/
COPY libs/opencode/package.json libs/opencode/
COPY libs/store/package.json libs/store/
RUN npm install --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM node:20-bookworm-slim
# git: cloning GIT_REPO_URL, and OpenCode's own use of the repository. A mounted workspace belongs to
# a host user; safe.directory lets the container's only user work in it.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && git config --system --add safe.directory '*'
WORKDIR /app
COPY --from=production-deps /app ./
COPY --from=build /app/apps/gateway/dist apps/gateway/dist
COPY --from=build /app/apps/console/dist apps/console/dist
COPY docker/entrypoint.sh docker/entrypoint.sh
# HOME is in the data volume: OpenCode's config, sessions and provider keys outlive the container.
ENV NODE_ENV=production \
  OTTO_APP_ROOT=/app \
  OTTO_HOST=0.0.0.0 \
  OTTO_PORT=4300 \
  OTTO_DATA_DIR=/data \
  OTTO_WORKSPACE=/workspace \
  HOME=/data/home \
  OPENCODE_DISABLE_AUTOUPDATE=1
RUN mkdir -p /data/home /workspace && chown -R node:node /data /workspace
USER node
VOLUME ["/data", "/workspace"]
EXPOSE 4300
# Slim images have no curl or wget; node's own fetch probes the gateway.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.OTTO_PORT || 4300) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["sh", "/app/docker/entrypoint.sh"]
