# syntax=docker/dockerfile:1.7
# Trusted-zone worker: workflows + activities. Holds the CA key (mounted at run time, never in a layer) and session
# keys (memory only). Non-root, read-only root filesystem (run with --read-only --tmpfs /tmp), no shell in the final
# stage. Digests: seen pinned in public builds; re-verify before a release with
#   docker buildx imagetools inspect <image>   (Renovate/Dependabot keep them current).
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
COPY bin ./bin
RUN npm run build && npm run build:workflow-bundle && npm prune --omit=dev

FROM ${RUNTIME_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    SSM_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    SSM_GITLEAKS_RULES=/app/rules/gitleaks/gitleaks.toml \
    SSM_EMBEDDING_MODEL_DIR=/app/models/all-MiniLM-L6-v2
COPY --from=build --chown=10001:10001 /src/package.json ./package.json
COPY --from=build --chown=10001:10001 /src/node_modules ./node_modules
COPY --from=build --chown=10001:10001 /src/dist ./dist
# Layer 1's gitleaks rule set (MIT): fetched and sha256-checked by scripts/fetch-gitleaks-rules.sh before the build,
# from the Go module proxy; the build fails if it is missing, so an image never ships without it.
COPY --chown=10001:10001 .tools/gitleaks/gitleaks.toml .tools/gitleaks/LICENSE ./rules/gitleaks/
# The audit lifecycle's embedding model (scripts/fetch-embedding-model.sh, sha256-checked again when loaded).
COPY --chown=10001:10001 .tools/models/all-MiniLM-L6-v2/ ./models/all-MiniLM-L6-v2/
USER 10001:10001
# Liveness: the process is up and its Temporal workers poll; Kubernetes uses the metrics endpoint (SSM_METRICS_PORT).
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["/nodejs/bin/node", "-e", "fetch('http://127.0.0.1:9464/metrics').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["dist/cli/main.js", "worker"]
