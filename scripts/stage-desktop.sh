#!/usr/bin/env bash
# Stages the bundled resources for electron-builder into dist/stage/ (read by electron-builder.yml
# extraResources). `procos resources` links the engine jar, Ollama and the model from the per-user
# cache into resources/ as symbolic links; an installer must carry the files themselves, so they
# are copied here with links resolved. Only this machine's Ollama (<platform>-<arch>) is staged:
# installers are built per OS on that OS (the JRE from jlink is platform-specific too).
#
#   scripts/stage-desktop.sh        (run by the `dist` script before electron-builder)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
stage="$root/dist/stage"
res="$root/resources"
target="$(node -p 'process.platform + "-" + process.arch')"
say() { echo "[stage] $*"; }
missing=()

"$root/scripts/jlink.sh"

rm -rf "$stage"
mkdir -p "$stage/camunda-run" "$stage/ollama" "$stage/models"

if [ -x "$res/jre/bin/java" ] || [ -x "$res/jre/bin/java.exe" ]; then
  cp -RL "$res/jre" "$stage/jre"
else
  missing+=("resources/jre (scripts/jlink.sh could not build it)")
fi

if [ -e "$res/camunda-run/camunda-run.jar" ]; then
  cp -L "$res/camunda-run/camunda-run.jar" "$stage/camunda-run/camunda-run.jar"
else
  missing+=("resources/camunda-run/camunda-run.jar (run: npm run procos -- resources)")
fi

if [ -d "$res/ollama/$target" ]; then
  cp -RL "$res/ollama/$target" "$stage/ollama/$target"
else
  missing+=("resources/ollama/$target (run: npm run procos -- resources)")
fi

if compgen -G "$res/models/*.gguf" >/dev/null; then
  cp -L "$res"/models/*.gguf "$stage/models/"
else
  missing+=("resources/models/*.gguf (run: npm run procos -- resources)")
fi

if [ ${#missing[@]} -gt 0 ]; then
  say "cannot package, missing:"
  printf '  - %s\n' "${missing[@]}"
  exit 1
fi
say "staged for $target in $stage:"
du -sh "$stage"/* | sed 's/^/  /'
