#!/usr/bin/env bash
# Builds a minimal Java runtime for the bundled engine into resources/jre with jlink.
#
#   scripts/jlink.sh [--force] [--out DIR] [--jar PATH]
#
# JDK: $JAVA_HOME, else /usr/lib/jvm/java-17-openjdk-amd64, else the JDK that owns `jlink` on PATH.
# Modules: jdeps over the Camunda Run fat jar (Spring Boot: the nested jars are extracted, their
# module-info.class entries stripped so jdeps analyses them as plain class-path jars), plus a few
# modules that are only loaded reflectively (crypto providers, zip file system, JMX). When jdeps is
# missing or fails, a fixed list is used instead and the script says so.
# The runtime gets the JDK's base class-data-sharing archive (jlink --generate-cds-archive, else
# -Xshare:dump on the new runtime): the engine's own archive (main/kernel/engine-launch.ts) is a
# dynamic one, which the JVM can only record and use on top of a base archive.
# Idempotent: an existing runtime built from the same JDK with the same modules is kept.
# A JRE is platform-specific: run this on each target OS (the packaging machine) before `npm run dist`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/resources/jre"
jar="$root/resources/camunda-run/camunda-run.jar"
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1 ;;
    --out) out="$2"; shift ;;
    --jar) jar="$2"; shift ;;
    *) echo "jlink.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "[jlink] $*"; }

jdk="${JAVA_HOME:-}"
if [ -z "$jdk" ] || [ ! -x "$jdk/bin/jlink" ]; then
  if [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/jlink ]; then
    jdk=/usr/lib/jvm/java-17-openjdk-amd64
  elif command -v jlink >/dev/null 2>&1; then
    jdk="$(cd "$(dirname "$(readlink -f "$(command -v jlink)")")/.." && pwd)"
  else
    say "no JDK with jlink found: set JAVA_HOME to a JDK 17+ (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)" >&2
    exit 1
  fi
fi
say "JDK: $jdk ($("$jdk/bin/java" -version 2>&1 | head -1))"

# Modules found only at run time (reflection, service loaders) that jdeps cannot see.
extra="java.naming,java.sql,java.management,jdk.management,jdk.crypto.ec,jdk.zipfs,java.security.jgss,jdk.unsupported"
fixed="java.base,java.sql,java.naming,java.management,java.desktop,java.xml,java.scripting,java.instrument,jdk.unsupported,java.security.jgss,jdk.crypto.ec,java.net.http,jdk.zipfs,java.compiler,java.prefs,java.rmi,jdk.management"

modules=""
if [ ! -f "$jar" ]; then
  say "engine jar not found at $jar (run \`npm run procos -- resources\` first); using the fixed module list"
elif [ ! -x "$jdk/bin/jdeps" ] || ! command -v unzip >/dev/null 2>&1; then
  say "jdeps or unzip missing; using the fixed module list"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  say "extracting nested jars from $(basename "$jar")"
  (cd "$work" && unzip -q -o "$jar" 'BOOT-INF/*')
  if command -v zip >/dev/null 2>&1; then
    for j in "$work"/BOOT-INF/lib/*.jar; do
      zip -q -d "$j" 'module-info.class' 'META-INF/versions/*/module-info.class' >/dev/null 2>&1 || true
    done
  else
    say "zip missing: module-info entries not stripped, jdeps may fail on named modules"
  fi
  say "running jdeps over $(find "$work/BOOT-INF/lib" -name '*.jar' | wc -l) jars"
  if found="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
      --class-path "$work/BOOT-INF/lib/*" "$work/BOOT-INF/classes" "$work"/BOOT-INF/lib/*.jar 2>"$work/jdeps.err")" \
      && [ -n "$found" ]; then
    say "jdeps: $found"
    modules="$found"
  else
    say "jdeps failed ($(head -1 "$work/jdeps.err")); using the fixed module list"
  fi
fi
[ -n "$modules" ] || modules="$fixed"
modules="$(echo "$modules,$extra" | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd, -)"

stamp="jdk=$("$jdk/bin/java" -version 2>&1 | head -1) modules=$modules cds=base"
if [ "$force" = 0 ] && [ -x "$out/bin/java" ] && [ "$(cat "$out/procos-jlink.txt" 2>/dev/null)" = "$stamp" ]; then
  say "up to date: $out ($(du -sh "$out" | cut -f1))"
  exit 0
fi

# zip-6 needs JDK 21+; JDK 17 takes the numeric level.
major="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "${major%%.*}" -ge 21 ] 2>/dev/null; then compress="--compress=zip-6"; else compress="--compress=2"; fi

say "linking $modules"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cds=""
if "$jdk/bin/jlink" --list-plugins 2>/dev/null | grep -q -- '--generate-cds-archive'; then cds="--generate-cds-archive"; fi
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  "$compress" $cds --output "$out"
if ! "$out/bin/java" -Xshare:on -version >/dev/null 2>&1; then
  say "no base class-data archive from jlink: making one with -Xshare:dump"
  "$out/bin/java" -Xshare:dump >/dev/null 2>&1 || say "-Xshare:dump failed: the engine starts without class-data sharing"
fi
# the archive for uncompressed object pointers serves only heaps of 32 GB and more (the engine runs with -Xmx384m)
rm -f "$out/lib/server/classes_nocoops.jsa" "$out/bin/server/classes_nocoops.jsa"
echo "$stamp" > "$out/procos-jlink.txt"
"$out/bin/java" -version 2>&1 | head -1 | sed 's/^/[jlink] runtime: /'
say "done: $out $(du -sh "$out" | cut -f1) (JDK: $(du -shL "$jdk" 2>/dev/null | cut -f1))"
