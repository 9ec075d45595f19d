#!/bin/bash
# Turns Raspberry Pi OS (Bookworm, 64-bit, with desktop) into an adoption kiosk, from the config
# bundle `provisioning.jar device add` made. Safe to run again: each step checks before it changes.
#
#   sudo ./install.sh [--deb appliance_VERSION_all.deb] [--desktop-user USER] [--lock-default-logins] BUNDLE
#
# It refuses to finish while the `pi` user still has the default password or SSH takes passwords,
# unless --lock-default-logins is given, which locks the `pi` password and turns SSH password login
# off (have an SSH key in place first).
set -euo pipefail

usage() {
  sed -n '2,10p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
}

die() {
  echo "install.sh: $*" >&2
  exit 2
}

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

say() {
  echo "==> $*"
}

deb=""
desktop_user="${SUDO_USER:-}"
lock_logins=false
bundle=""
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) [ $# -ge 2 ] || die "--deb needs a file"; deb="$2"; shift 2 ;;
    --desktop-user) [ $# -ge 2 ] || die "--desktop-user needs a user name"; desktop_user="$2"; shift 2 ;;
    --lock-default-logins) lock_logins=true; shift ;;
    -h|--help) usage; exit 0 ;;
    --*) die "unknown option $1" ;;
    *) [ -z "$bundle" ] || die "only one BUNDLE, please"; bundle="$1"; shift ;;
  esac
done
[ -n "$bundle" ] || { usage >&2; die "no BUNDLE given"; }

# --- the bundle: checked before anything on the Pi changes -----------------------------------
[ -d "$bundle" ] || die "$bundle is not a folder (the bundle from provisioning.jar device add)"
for f in kiosk.properties broker-password ca.pem hub-public.keyset.json hub-signing-public.keyset.json; do
  [ -f "$bundle/$f" ] || die "$bundle has no $f: not a complete config bundle"
done
device_id="$(sed -n 's/^device-id=\(.*\)$/\1/p' "$bundle/kiosk.properties")"
broker="$(sed -n 's/^broker=\(.*\)$/\1/p' "$bundle/kiosk.properties" | sed 's/\\:/:/g')"
[[ "$device_id" =~ ^[a-z0-9][a-z0-9-]{1,62}$ ]] || die "$bundle/kiosk.properties names no valid device-id"
case "$broker" in
  ssl://*) ;;
  *) die "$bundle/kiosk.properties: the broker must be an ssl:// URL, not '$broker'" ;;
esac
if [ -n "$deb" ] && [ ! -f "$deb" ]; then
  die "--deb $deb: no such file"
fi
[ "$(id -u)" -eq 0 ] || fail "run me as root (sudo)"

# --- no default passwords ---------------------------------------------------------------------
default_pi_password() {
  getent passwd pi >/dev/null || return 1
  local hash
  hash="$(getent shadow pi | cut -d: -f2)"
  case "$hash" in
    ''|'!'*|'*'*) return 1 ;;
  esac
  # perl's crypt is the system's libcrypt: it checks yescrypt ($y$) and SHA-512 ($6$) alike.
  [ "$(perl -e 'print crypt($ARGV[0], $ARGV[1])' raspberry "$hash")" = "$hash" ]
}

ssh_takes_passwords() {
  command -v sshd >/dev/null 2>&1 || return 1
  sshd -T 2>/dev/null | grep -qi '^passwordauthentication yes'
}

problems=()
if default_pi_password; then
  problems+=("the user pi still has the default password")
fi
if ssh_takes_passwords; then
  problems+=("SSH accepts password logins")
fi
if [ ${#problems[@]} -gt 0 ]; then
  if ! $lock_logins; then
    for p in "${problems[@]}"; do echo "install.sh: $p" >&2; done
    fail "fix that (passwd pi; PasswordAuthentication no in /etc/ssh/sshd_config.d/) or rerun with --lock-default-logins"
  fi
  if default_pi_password; then
    say "locking the pi user's password"
    passwd -l pi >/dev/null
  fi
  if ssh_takes_passwords; then
    say "turning SSH password login off"
    printf 'PasswordAuthentication no\nKbdInteractiveAuthentication no\n' > /etc/ssh/sshd_config.d/10-adoption-kiosk.conf
    systemctl reload ssh || systemctl reload sshd || true
  fi
fi

# --- packages -----------------------------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
need=()
dpkg -s openjdk-17-jre-headless >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
dpkg -s curl >/dev/null 2>&1 || need+=(curl)
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  need+=(chromium)
fi
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi
if [ -n "$deb" ]; then
  say "installing $(basename "$deb")"
  apt-get install -y -qq "$(realpath "$deb")"
fi
dpkg -s adoption-kiosk-appliance >/dev/null 2>&1 || fail "the appliance package is not installed: give --deb appliance_VERSION_all.deb"

# --- the bundle into /etc/adoption-kiosk/bundle (root:kiosk, secrets 640) ------------------------
say "installing the config bundle of $device_id"
install -d -o root -g kiosk -m 0750 /etc/adoption-kiosk/bundle
for f in "$bundle"/*; do
  install -o root -g kiosk -m 0640 "$f" /etc/adoption-kiosk/bundle/
done
# A client certificate removed from a newer bundle must not linger.
for f in client.pem client.key; do
  if [ -f "/etc/adoption-kiosk/bundle/$f" ] && [ ! -f "$bundle/$f" ]; then
    rm -f "/etc/adoption-kiosk/bundle/$f"
  fi
done

# --- the screen: no blanking, desktop autologin, the browser at login ---------------------------
if command -v raspi-config >/dev/null 2>&1; then
  say "screen blanking off, desktop autologin"
  raspi-config nonint do_blanking 1 || true      # 1 = off (X11 and labwc/wayfire alike)
  raspi-config nonint do_boot_behaviour B4 || true
fi
cmdline=/boot/firmware/cmdline.txt
[ -f "$cmdline" ] || cmdline=/boot/cmdline.txt
if [ -f "$cmdline" ] && ! grep -q 'consoleblank=0' "$cmdline"; then
  sed -i '1 s/$/ consoleblank=0/' "$cmdline"
fi
if [ -n "$desktop_user" ] && getent passwd "$desktop_user" >/dev/null; then
  home="$(getent passwd "$desktop_user" | cut -d: -f6)"
  autostart="$home/.config/labwc/autostart"
  install -d -o "$desktop_user" -g "$desktop_user" "$home/.config/labwc"
  if ! grep -qs '/usr/share/adoption-kiosk/kiosk-browser' "$autostart"; then
    echo '/usr/share/adoption-kiosk/kiosk-browser &' >> "$autostart"
    chown "$desktop_user:$desktop_user" "$autostart"
  fi
fi

# --- the hardware watchdog ----------------------------------------------------------------------
config=/boot/firmware/config.txt
[ -f "$config" ] || config=/boot/config.txt
if [ -f "$config" ] && ! grep -q '^dtparam=watchdog=on' "$config"; then
  echo 'dtparam=watchdog=on' >> "$config"
fi

# --- start ----------------------------------------------------------------------------------------
say "starting the appliance"
systemctl daemon-reload
systemctl enable adoption-kiosk.service adoption-kiosk-health.timer >/dev/null 2>&1
systemctl restart adoption-kiosk.service
systemctl start adoption-kiosk-health.timer
port="$(sed -n 's/^KIOSK_HTTP_PORT=\([0-9]\{1,5\}\)$/\1/p' /etc/adoption-kiosk/kiosk.env | tail -n 1)"
port="${port:-8080}"
for _ in $(seq 1 60); do
  if curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$port/healthz"; then
    say "kiosk $device_id answers on http://localhost:$port/; reboot to start the screen (sudo reboot)"
    exit 0
  fi
  sleep 1
done
fail "the appliance did not answer in 60 s: journalctl -u adoption-kiosk"
