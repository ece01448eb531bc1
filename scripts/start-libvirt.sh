#!/usr/bin/env bash
# Starts libvirt on this machine for the integration tests (DESIGN.md, "Building and testing here"):
# QEMU domains run as root, virtlogd and libvirtd as daemons. Safe to run again: it only does what
# is missing. Needs root and Debian's libvirt-daemon, libvirt-daemon-driver-qemu, libvirt-clients
# and qemu-system-x86; the reinstall's tests also use qemu-utils, cloud-image-utils and genisoimage
# (their storage pools are made by the tests themselves, in temporary folders).
set -euo pipefail

getent group kvm >/dev/null || groupadd --system kvm
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
id libvirt-qemu >/dev/null 2>&1 || useradd --system --gid kvm --no-create-home libvirt-qemu

conf=/etc/libvirt/qemu.conf
if ! grep -q '^user = "root"' "$conf" 2>/dev/null; then
  mkdir -p /etc/libvirt
  printf '# Written by scripts/start-libvirt.sh: QEMU runs as root in this sandbox.\nuser = "root"\ngroup = "root"\n' > "$conf"
fi
mkdir -p /var/log/libvirt /run/libvirt /var/lib/libvirt

pgrep -x virtlogd >/dev/null || virtlogd -d
pgrep -x libvirtd >/dev/null || libvirtd -d

for _ in $(seq 1 30); do
  virsh -c qemu:///system version >/dev/null 2>&1 && break
  sleep 1
done
virsh -c qemu:///system version
virsh -c test+unix:///default list --all >/dev/null
echo "libvirt is up: qemu:///system and test+unix:///default"
