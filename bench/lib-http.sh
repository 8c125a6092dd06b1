# bench/lib-http.sh: helpers shared by the HTTP benchmarks (serve.sh, ping.sh); source it.
# Starts a Cairn node and a private nginx, each in the background, and remembers their PIDs so
# the caller's cleanup can stop exactly those processes (never anything by name).
#
# Needs from the caller: $work (its temp dir), $cairn (the CLI), die(), and a cleanup trap
# that calls stop_started.

started_pids=()

# free_port: prints a TCP port nothing listens on (random, 20000..59999; tiny race is fine here).
free_port() {
  local p i
  for (( i = 0; i < 100; i++ )); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    [ -z "$(ss -Htln "sport = :$p" 2> /dev/null)" ] && { echo "$p"; return 0; }
  done
  return 1
}

# wait_http URL [SECONDS]: waits until URL answers at all.
wait_http() {
  local url="$1" limit="${2:-60}" i
  for (( i = 0; i < limit * 10; i++ )); do
    curl -s -o /dev/null --max-time 1 "$url" && return 0
    sleep 0.1
  done
  return 1
}

# stop_pid PID: SIGTERM, then up to 15 s for it to go, then SIGKILL.
stop_pid() {
  local pid="$1" i
  kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM "$pid" 2> /dev/null
  for (( i = 0; i < 150; i++ )); do
    kill -0 "$pid" 2> /dev/null || { wait "$pid" 2> /dev/null; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  return 0
}

# cpu_seconds PID...: user + system CPU seconds the processes have used so far (the ones that are gone count 0).
cpu_seconds() {
  local pid ticks=0 t
  for pid in "$@"; do
    t="$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2> /dev/null)" && ticks=$(( ticks + t ))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", t / hz }'
}
# nginx_pids: nginx's master and its workers (children of the master we started).
nginx_pids() { echo "$nginx_pid" $(ps -o pid= --ppid "$nginx_pid" 2> /dev/null); }

stop_started() {
  local pid
  for pid in "${started_pids[@]}"; do stop_pid "$pid"; done
  started_pids=()
}

# start_cairn DATADIR: starts a node on 127.0.0.1, port 0 (the OS picks), waits for its
# node.json and /ping; sets cairn_pid and cairn_url. The launcher execs java, so $! is the JVM.
# Extra JVM flags: $CAIRN_JAVA_OPTS, passed through by ./cairn.
start_cairn() {
  local dir="$1" i
  mkdir -p "$dir"
  "$cairn" --data-dir "$dir" start --host 127.0.0.1 --port 0 > "$dir.log" 2>&1 &
  cairn_pid=$!
  started_pids+=("$cairn_pid")
  cairn_url=""
  for (( i = 0; i < 600; i++ )); do
    if [ -s "$dir/node.json" ]; then
      cairn_url="$(sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p' "$dir/node.json")"
      [ -n "$cairn_url" ] && break
    fi
    kill -0 "$cairn_pid" 2> /dev/null || { cat "$dir.log" >&2; die "the cairn node exited at start"; }
    sleep 0.1
  done
  [ -n "$cairn_url" ] || die "the cairn node wrote no url to $dir/node.json"
  wait_http "$cairn_url/ping" 60 || die "the cairn node at $cairn_url does not answer /ping"
}

# cairn_add DATADIR FILE: uploads FILE through the running node; sets added_cid and added_sha.
cairn_add() {
  local out
  # CAIRN_JAVA_OPTS is meant for the node (a JFR recording would also print to add's stdout).
  out="$(env -u CAIRN_JAVA_OPTS "$cairn" --data-dir "$1" add "$2")" || die "cairn add $2 failed"
  read -r _ added_cid added_sha _ <<< "$(grep '^added ' <<< "$out")"
  [ -n "$added_sha" ] || die "cairn add printed no sha256: $out"
}

# start_nginx ROOT: a private nginx (own config, prefix, pid file, error and access logs, temp
# dirs, all under $work/nginx) serving ROOT on 127.0.0.1 only, sendfile on, worker_processes auto,
# in the foreground of a background job (daemon off), so $! is its master; sets nginx_url.
start_nginx() {
  local root="$1" prefix="$work/nginx" port user_line=""
  command -v nginx > /dev/null || die "nginx is needed (bash /work/shared/tools/install_tools.sh)"
  mkdir -p "$prefix/logs" "$prefix/tmp"
  port="$(free_port)" || die "no free port for nginx"
  # As root, nginx's workers would drop to nobody, who cannot read a mktemp (0700) dir.
  [ "$(id -u)" -eq 0 ] && user_line="user $(id -un) $(id -gn);"
  cat > "$prefix/nginx.conf" << EOF
$user_line
daemon off;
worker_processes auto;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
  default_type application/octet-stream;
  types { application/json json; }
  access_log $prefix/logs/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server_tokens off;
  client_body_temp_path $prefix/tmp/body;
  proxy_temp_path $prefix/tmp/proxy;
  fastcgi_temp_path $prefix/tmp/fastcgi;
  uwsgi_temp_path $prefix/tmp/uwsgi;
  scgi_temp_path $prefix/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $root;
  }
}
EOF
  nginx -e "$prefix/logs/error.log" -c "$prefix/nginx.conf" -p "$prefix" > "$prefix/logs/stdout.log" 2>&1 &
  nginx_pid=$!
  started_pids+=("$nginx_pid")
  nginx_url="http://127.0.0.1:$port"
  wait_http "$nginx_url/" 20 || { cat "$prefix/logs/error.log" >&2; die "nginx did not come up on $nginx_url"; }
  kill -0 "$nginx_pid" 2> /dev/null || { cat "$prefix/logs/error.log" >&2; die "nginx exited at start"; }
}
