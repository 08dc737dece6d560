# syntax=docker/dockerfile:1.7
# MCP bridge: talks MCP on stdio to Claude Code and gRPC to the Temporal frontend, nothing else. It holds no keys,
# no inventory and no database credentials. Non-root, read-only root filesystem, no shell in the final stage.
ARG BUILD_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12@sha256:03d681b39b9251008fa2ba8de0f74cb4d909d4ef95f3f66090da29536c3b5cae

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY workflows ./workflows
COPY activities ./activities
COPY workers ./workers
COPY mcp-bridge ./mcp-bridge
COPY cli ./cli
RUN npm run build && npm prune --omit=dev

FROM ${RUNTIME_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build --chown=10001:10001 /src/package.json ./package.json
COPY --from=build --chown=10001:10001 /src/node_modules ./node_modules
COPY --from=build --chown=10001:10001 /src/dist ./dist
USER 10001:10001
# stdio server: healthy while the process runs (the client owns its lifetime)
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["/nodejs/bin/node", "-e", "process.exit(0)"]
ENTRYPOINT ["/nodejs/bin/node", "dist/cli/main.js", "mcp"]
