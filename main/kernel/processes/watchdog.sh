#!/bin/sh
# procos watchdog (POSIX sh): started by watchdog.ts as `sh -c <this file> procos-watchdog GRACE_MS`.
# Reads lines from stdin:  `+ PID START`  watch this process tree   `- PID`  forget it   `end`  end them now.
# When stdin ends (the kernel exited or died, even by SIGKILL), it sends SIGTERM to every watched tree
# whose start time still matches (Linux; elsewhere the list is kept live), waits up to GRACE_MS, then
# SIGKILLs what is left and exits. It ignores SIGINT/SIGTERM/SIGHUP: a Ctrl-C meant for the kernel
# must not take the watchdog down before the kernel is gone.
grace=${1:-5000}
trap '' INT TERM HUP
watched=' '
linux=; [ -r /proc/self/stat ] && linux=1
boot=boot; { read -r boot < /proc/sys/kernel/random/boot_id; } 2>/dev/null || boot=boot
# fields of /proc/<pid>/stat after the command name: state, ppid, …, start time (the 20th)
fields() {
  line=; { read -r line < "/proc/$1/stat"; } 2>/dev/null || return 1
  # the fields are split on purpose
  # shellcheck disable=SC2086
  set -- ${line##*) }
  st_state=$1 st_ppid=$2 st_start=${20}
}
# still the process we were told about (a zombie counts: it is not reaped yet)
same() {
  { [ -z "$linux" ] || [ -z "$2" ]; } && return 0
  fields "$1" && [ "$boot:$st_start" = "$2" ]
}
parents() {
  if [ -n "$linux" ]; then for f in /proc/[0-9]*; do fields "${f#/proc/}" && echo "${f#/proc/} $st_ppid"; done
  else ps -A -o pid=,ppid=; fi
}
# the pid and its descendants, from the pid/ppid map in $map
tree() {
  all=" $1 "; grew=1
  while [ $grew = 1 ]; do
    grew=0
    while read -r p pp; do
      case "$all" in *" $pp "*) case "$all" in *" $p "*) ;; *) all="$all$p "; grew=1 ;; esac ;; esac
    done <<MAP
$map
MAP
  done
  echo "$all"
}
signal() { sig=$1; shift; for p; do kill -s "$sig" -- "-$p" 2>/dev/null; kill -s "$sig" "$p" 2>/dev/null; done; }
forget() { kept=' '; for w in $watched; do [ "${w%%=*}" = "$1" ] || kept="$kept$w "; done; watched=$kept; }
# A root that died before the kernel (Ollama on a broken pipe) leaves its children to init, out of
# reach of the tree walk, but still in its process group: a group outlives its leader, and its id
# is not given to a new process while the group has members, so signalling it reaches only ours.
end_all() {
  roots=; trees=; groups=; map=$(parents)
  for w in $watched; do
    p=${w%%=*}
    if same "$p" "${w#*=}"; then roots="$roots $p"; trees="$trees $(tree "$p")"
    elif ! kill -0 "$p" 2>/dev/null; then groups="$groups $p"
    fi
  done
  [ -z "$roots$groups" ] && exit 0
  # the lists are split into pids on purpose
  # shellcheck disable=SC2086
  signal TERM $trees
  for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null; done
  n=$(( (grace + 99) / 100 ))
  while :; do
    left=; left_groups=
    for p in $trees; do
      kill -0 "$p" 2>/dev/null || continue
      fields "$p" && [ "$st_state" = Z ] && continue
      left="$left $p"
    done
    for g in $groups; do kill -0 -- "-$g" 2>/dev/null && left_groups="$left_groups $g"; done
    if [ -z "$left$left_groups" ] || [ "$n" -le 0 ]; then
      # shellcheck disable=SC2086
      { signal KILL $left; signal KILL $roots; }
      for g in $left_groups; do kill -s KILL -- "-$g" 2>/dev/null; done
      exit 0
    fi
    sleep 0.1; n=$((n - 1))
  done
}
while read -r op pid start _; do
  [ "$op" = end ] && break
  case $pid in ''|*[!0-9]*) continue ;; esac
  case $op in
    +) forget "$pid"; [ "$start" = - ] && start=; watched="$watched$pid=$start " ;;
    -) forget "$pid" ;;
  esac
done
end_all
