# One image for the api, the worker and the one-shot migrate service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Uploads (SIRENE files) shared by the api and the workers through a volume.
RUN mkdir -p /var/lib/filiere/uploads && chown node:node /var/lib/filiere/uploads
USER node
EXPOSE 3000 3001
# The API's V8 flags: apps/api/node-flags.json (a test checks that they agree).
CMD ["node", "--max-semi-space-size=64", "--no-allocation-site-pretenuring", "dist/apps/api/src/main.js"]
