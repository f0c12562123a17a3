#!/usr/bin/env bash
# A local SolrCloud for trials and tests (issue 18), from Solr's Maven Central jars that the build copied into
# releng/solrcloud/target/lib (./mvnw -B -pl releng/solrcloud package); nothing is downloaded here.
#
#   solrcloud.sh start DIR [--nodes N]   ZooKeeper (its own JVM) and N Solr nodes on free loopback ports, each
#                                        with its solr home under DIR; prints zk=HOST:PORT and solr=URL lines
#   solrcloud.sh stop-node DIR I [--kill]
#                                        stops node I (1-based); ZooKeeper and the other nodes keep running;
#                                        --kill ends it with SIGKILL, as a crash would
#   solrcloud.sh stop DIR                stops every node, then ZooKeeper
#
# Heap per JVM: SOLRCLOUD_HEAP (default 512m).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lib="$here/target/lib"

usage() {
  echo "usage: $0 start DIR [--nodes N] | stop-node DIR I [--kill] | stop DIR" >&2
  exit 2
}

# The repository's JDK choice (as mvnw): JAVA_HOME if it is 21+, else the newest JDK 21+ under /usr/lib/jvm.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
find_java() {
  if [ -n "${JAVA_HOME-}" ] && [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -ge 21 ] 2>/dev/null; then
    echo "$JAVA_HOME/bin/java"
    return
  fi
  local jdk major
  for jdk in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | sort -V -r); do
    jdk="${jdk%/}"
    [ -x "$jdk/bin/java" ] || continue
    major="$(java_major "$jdk" 2>/dev/null)"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$jdk/bin/java"
      return
    fi
  done
  echo "solrcloud.sh: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME-unset}; searched /usr/lib/jvm)." >&2
  exit 1
}

# Waits up to $2 seconds for file $1 while process $3 lives; prints its content.
await_file() {
  local f="$1" secs="$2" pid="$3" i=0
  while [ ! -s "$f" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    i=$((i + 1))
    [ "$i" -le $((secs * 5)) ] || return 1
    sleep 0.2
  done
  cat "$f"
}

stop_pid_file() {
  local f="$1" signal="${2:-TERM}" pid i
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -s "$signal" "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$f"
}

start() {
  local dir="$1" nodes="$2"
  if [ ! -f "$lib/enclave-solrcloud-launcher.jar" ]; then
    echo "solrcloud.sh: $lib has no Solr jars; build them first: ./mvnw -B -pl releng/solrcloud package" >&2
    exit 1
  fi
  if [ -f "$dir/zk/pid" ] && kill -0 "$(cat "$dir/zk/pid")" 2>/dev/null; then
    echo "solrcloud.sh: a SolrCloud already runs in $dir; stop it first ($0 stop $dir)" >&2
    exit 1
  fi
  local java heap cp
  java="$(find_java)"
  heap="${SOLRCLOUD_HEAP:-512m}"
  cp="$lib/*"
  mkdir -p "$dir/zk"
  dir="$(cd "$dir" && pwd)"
  rm -f "$dir/zk/port"
  nohup "$java" -Xmx256m -cp "$cp" -Dzookeeper.admin.enableServer=false \
    -Dlog4j2.configurationFile="$here/log4j2.xml" dev.enclave.solrcloud.Launcher zk "$dir/zk/data" "$dir/zk/port" \
    >"$dir/zk/log" 2>&1 &
  echo $! >"$dir/zk/pid"
  local zkport
  if ! zkport="$(await_file "$dir/zk/port" 60 "$(cat "$dir/zk/pid")")"; then
    echo "solrcloud.sh: ZooKeeper did not start; see $dir/zk/log" >&2
    tail -n 20 "$dir/zk/log" >&2
    stop "$dir"
    exit 1
  fi
  local zk="127.0.0.1:$zkport" i home
  for i in $(seq 1 "$nodes"); do
    home="$dir/node$i"
    mkdir -p "$home"
    cp "$here/solr.xml" "$home/solr.xml"
    rm -f "$home/port"
    (cd "$home" && exec nohup "$java" -Xmx"$heap" -Xss1m -cp "$cp" -Dlog4j2.configurationFile="$here/log4j2.xml" \
      -Dsolr.log.dir="$home" -Dsolr.logs.dir="$home" \
      dev.enclave.solrcloud.Launcher node "$home" "$zk" "$home/port" >"$home/log" 2>&1) &
    echo $! >"$home/pid"
  done
  for i in $(seq 1 "$nodes"); do
    home="$dir/node$i"
    if ! await_file "$home/port" 180 "$(cat "$home/pid")" >/dev/null; then
      echo "solrcloud.sh: Solr node $i did not start; see $home/log" >&2
      tail -n 30 "$home/log" >&2
      stop "$dir"
      exit 1
    fi
  done
  if ! "$java" -Xmx64m -cp "$cp" -Dlog4j2.configurationFile="$here/log4j2.xml" dev.enclave.solrcloud.Launcher \
      wait "$zk" "$nodes" 120 >>"$dir/zk/log" 2>&1; then
    echo "solrcloud.sh: not all $nodes Solr nodes became live; see $dir/node*/log" >&2
    stop "$dir"
    exit 1
  fi
  echo "$zk" >"$dir/zk/host"
  echo "zk=$zk"
  for i in $(seq 1 "$nodes"); do
    echo "solr=http://127.0.0.1:$(cat "$dir/node$i/port")/solr"
  done
}

stop_node() {
  local dir="$1" i="$2" signal="$3"
  if [ ! -f "$dir/node$i/pid" ]; then
    echo "solrcloud.sh: no node $i runs in $dir" >&2
    exit 1
  fi
  stop_pid_file "$dir/node$i/pid" "$signal"
}

stop() {
  local dir="$1" p
  for p in "$dir"/node*/pid; do
    [ -f "$p" ] && stop_pid_file "$p"
  done
  stop_pid_file "$dir/zk/pid"
}

[ "$#" -ge 2 ] || usage
cmd="$1"
dir="$2"
shift 2
case "$cmd" in
  start)
    nodes=1
    while [ "$#" -gt 0 ]; do
      case "$1" in
        --nodes) [ "$#" -ge 2 ] || usage; nodes="$2"; shift 2 ;;
        *) usage ;;
      esac
    done
    [[ "$nodes" =~ ^[1-9][0-9]*$ ]] || { echo "solrcloud.sh: --nodes takes a positive whole number, not '$nodes'" >&2; exit 2; }
    start "$dir" "$nodes"
    ;;
  stop-node)
    case "$#:${2-}" in
      1:) stop_node "$dir" "$1" TERM ;;
      2:--kill) stop_node "$dir" "$1" KILL ;;
      *) usage ;;
    esac
    ;;
  stop)
    [ "$#" -eq 0 ] || usage
    [ -d "$dir" ] || exit 0
    stop "$dir"
    ;;
  *) usage ;;
esac
