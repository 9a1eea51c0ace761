#!/bin/sh
# The end-to-end tests' web server: the production build, served by `vite preview`.
# Builds first only when dist/ is missing or older than a source, so `npm test` (which has
# just built) does not build twice, and a bare `npx playwright test` never tests a stale build.
set -e
cd "$(dirname "$0")/.."
if [ ! -f dist/index.html ] ||
  [ -n "$(find src public index.html vite.config.ts package.json tsconfig.json -newer dist/index.html -print 2>/dev/null | head -n 1)" ]; then
  echo "dist/ is missing or stale: building first"
  npm run build
fi
exec npx vite preview --port "${1:-4173}" --strictPort
