#!/usr/bin/env bash
# Runs everything locally: the sync hub (embedded MQTT broker, H2 under DATA/hub) and one kiosk
# (simulated board, H2 under DATA/kiosk) as two processes. Ctrl-C stops both cleanly.
#   ./run.sh                 build, then run with data in ./data (kept between runs)
#   ./run.sh --no-build      run the jars already built
#   ./run.sh --data DIR      keep the data somewhere else
#   ./run.sh --smoke-test    start, capture one record, check it reached the hub, stop (CI)
set -euo pipefail
cd "$(dirname "$0")"

build=1 smoke=0 data=./data
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --smoke-test) smoke=1 ;;
    --data) data=${2:?--data needs a folder}; shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$smoke" = 1 ]; then data=$(mktemp -d); fi

if [ "$build" = 1 ] || [ ! -f sync-hub/target/sync-hub.jar ] || [ ! -f appliance/target/appliance.jar ]; then
  echo "Building (mvn -B -q -DskipTests package)…"
  mvn -B -q -DskipTests package
fi

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The first port from $1 upwards that nothing answers on (1883 may already be another broker).
free_port() { local p=$1; while answers "$p"; do p=$((p + 1)); done; echo "$p"; }
# Waits for a port to answer (bash only: a fresh machine may have no curl).
wait_port() { # port seconds name
  for _ in $(seq 1 "$(( $2 * 4 ))"); do
    answers "$1" && return 0
    sleep 0.25
  done
  echo "run.sh: the $3 did not answer on port $1 within $2 s" >&2
  return 1
}

mkdir -p "$data/logs"
hub_http=$(free_port "${HUB_HTTP_PORT:-8081}")
mqtt=$(free_port "${HUB_MQTT_PORT:-1883}")
kiosk_http=$(free_port "${KIOSK_HTTP_PORT:-8080}")
[ "$kiosk_http" = "$hub_http" ] && kiosk_http=$(free_port $((hub_http + 1)))

pids=()
stop_all() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'echo; echo "Stopping…"; stop_all; exit 0' INT TERM
trap stop_all EXIT

# A central user for this run of the demo, with a password made afresh each time (never a default).
hub_user=demo-central
hub_password=$(od -An -N15 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$hub_password" | java -jar sync-hub/target/sync-hub.jar user password --username "$hub_user" \
    --password-stdin --data "$data/hub" >/dev/null 2>&1 ||
  printf '%s\n' "$hub_password" | java -jar sync-hub/target/sync-hub.jar user add --username "$hub_user" \
    --role central --password-stdin --data "$data/hub" >/dev/null

# The embedded broker lets no one in without a password: the demo kiosk gets a new one for this run,
# in a mode-600 file (registered on the first run; only a bcrypt hash of it is in the hub's store).
kiosk_id=demo-kiosk
kiosk_password_file="$data/$kiosk_id.broker-password"
java -jar sync-hub/target/sync-hub.jar device password --device-id "$kiosk_id" \
    --password-file "$kiosk_password_file" --force --data "$data/hub" >/dev/null 2>&1 ||
  java -jar sync-hub/target/sync-hub.jar device add --device-id "$kiosk_id" \
    --password-file "$kiosk_password_file" --force --data "$data/hub" >/dev/null

java -jar sync-hub/target/sync-hub.jar --http-port "$hub_http" --mqtt-port "$mqtt" --data "$data/hub" \
  >"$data/logs/hub.log" 2>&1 &
pids+=($!)
wait_port "$hub_http" 60 hub || { tail -n 30 "$data/logs/hub.log" >&2; exit 1; }

# A staff PIN for this run of the demo, made afresh each time (only its hash reaches the kiosk).
staff_pin=$(printf '%06d' $(( (RANDOM * 32768 + RANDOM) % 1000000 )))
staff_pin_hash=$(printf '%s\n' "$staff_pin" | java -jar appliance/target/appliance.jar hash-pin)

KIOSK_STAFF_PIN_HASH="$staff_pin_hash" java -jar appliance/target/appliance.jar --http-port "$kiosk_http" \
  --data "$data/kiosk" --broker "tcp://127.0.0.1:$mqtt" --device-id "$kiosk_id" \
  --broker-password-file "$kiosk_password_file" \
  --hub-key "$data/hub/hub-public.keyset.json" --hardware simulated \
  >"$data/logs/kiosk.log" 2>&1 &
pids+=($!)
wait_port "$kiosk_http" 60 kiosk || { tail -n 30 "$data/logs/kiosk.log" >&2; exit 1; }

cat <<INFO

  Ciosg / Kiosk (visitor page) http://localhost:$kiosk_http/
  Staff / Staff dashboard      http://localhost:$kiosk_http/staff   PIN: $staff_pin (this run only;
                               or tap the top-left corner of the attract screen)
  Statws y ciosg / Kiosk status http://localhost:$kiosk_http/api/status
  Hyb / Hub dashboard          http://localhost:$hub_http/   user: $hub_user  password: $hub_password
                               (this run only; more users: java -jar sync-hub/target/sync-hub.jar user add)
    ffigurau / figures (JSON)  http://localhost:$hub_http/api/figures   (signed in)
  MQTT broker (embedded)       tcp://127.0.0.1:$mqtt   no anonymous clients: the kiosk's password is in
                               $kiosk_password_file (this run only; another kiosk:
                               java -jar sync-hub/target/sync-hub.jar device add --help)
  Data (kept between runs)     $data   logs: $data/logs/

  Try: curl -H 'Content-Type: application/json' -d '{"type":"signin","lang":"cy","fields":{"localAuthority":"gwynedd","privacyVersion":"2026-11"}}' http://localhost:$kiosk_http/api/records
INFO

if [ "$smoke" = 1 ]; then
  status=$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"type":"signin","lang":"cy","fields":{"localAuthority":"gwynedd","privacyVersion":"2026-11"}}' \
    "http://127.0.0.1:$kiosk_http/api/records")
  echo "smoke: captured $status"
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$kiosk_http/api/status" | grep -q '"backlog":0'; then
      # The hub's API needs a session: sign in through the form, as a browser would.
      jar="$data/cookies.txt"
      curl -fsS -c "$jar" -b "$jar" -o /dev/null "http://127.0.0.1:$hub_http/login"
      pre=$(awk '$6 == "hub_pre" { print $7 }' "$jar")
      curl -fsS -c "$jar" -b "$jar" -o /dev/null \
        --data-urlencode "csrf=$pre" --data-urlencode "username=$hub_user" \
        --data-urlencode "password=$hub_password" "http://127.0.0.1:$hub_http/login"
      figures=$(curl -fsS -b "$jar" "http://127.0.0.1:$hub_http/api/figures")
      if echo "$figures" | grep -q '"signins":1'; then
        echo "smoke: the record reached the hub and the kiosk marked it synced"
        stop_all
        rm -rf "$data"
        exit 0
      fi
    fi
    sleep 1
  done
  echo "smoke: the record did not reach the hub; logs:" >&2
  tail -n 30 "$data/logs/hub.log" "$data/logs/kiosk.log" >&2
  exit 1
fi

echo "  Press Ctrl-C to stop both."
wait
