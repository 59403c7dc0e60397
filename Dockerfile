# Token Ledger service image. Two stages: build (native better-sqlite3, TypeScript) and a slim
# runtime with production dependencies only. The embedded store's data directory is /data.
#
# The image also holds the auditors' and operators' CLI, built like the service, as the command
# `ledger` (the same as `npm run ledger --` in a checkout), reading the store of LEDGER_DATA_DIR
# (/data) or EVENTSTORE_URL:
#   docker run --rm -v <volume>:/data <image> ledger verify
#   docker exec <container> ledger history <familyId>
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LEDGER_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web console (npm run build:console), served at /console from the default CONSOLE_DIR.
COPY --from=build /app/apps/console/dist ./apps/console/dist
COPY --from=build /app/config ./config
# The gRPC contract is read at start (and served by reflection).
COPY --from=build /app/proto ./proto
COPY --from=build /app/package.json ./
RUN mkdir -p /data && chown node:node /data \
 && printf '#!/bin/sh\nexec node /app/dist/apps/ledger-cli/src/main.js "$@"\n' > /usr/local/bin/ledger \
 && chmod 755 /usr/local/bin/ledger
USER node
VOLUME ["/data"]
EXPOSE 3000 50051
CMD ["node", "dist/apps/token-service/src/main.js"]
