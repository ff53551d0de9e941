/**
 * The scripts that make a chroot behave like a small machine. They are written into each host's
 * overlay (not baked into the cached rootfs), so changing them never forces a rebuild.
 */

/**
 * The start of both hosts' set-up scripts (arguments: lower dir, host dir, hostname): the host's
 * root at $root, an overlay over the cached rootfs, or a copy where overlayfs is refused ($dir/mode
 * says which).
 */
export const MOUNT_ROOT = `set -eu
mount --make-rprivate /
lower=$1 dir=$2 name=$3
root=$dir/merged
if ! mount -t overlay drover-debian -o "lowerdir=$lower,upperdir=$dir/upper,workdir=$dir/work" "$root" 2>"$dir/overlay.err"; then
  cp -a --reflink=auto "$lower/." "$root/"
  cp -a "$dir/upper/." "$root/"
  echo copy >"$dir/mode"
else
  echo overlay >"$dir/mode"
fi
`

/**
 * A minimal /dev (the controller's few character devices bound in, a private devpts and shm) and
 * an empty /run for the host mounted at $root: the same for plain and systemd hosts.
 */
export const DEV_AND_RUN = `mount -t tmpfs -o mode=755,size=16m,nosuid devtmp "$root/dev"
for d in null zero full random urandom tty; do
  : >"$root/dev/$d"
  mount --bind "/dev/$d" "$root/dev/$d"
done
mkdir -m 755 "$root/dev/pts"
mkdir -m 1777 "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
mount -t tmpfs -o mode=755,size=64m,nosuid,nodev run "$root/run"
`

/**
 * Runs as PID 1 of the host's fresh mount/PID/UTS/IPC namespaces, still seeing the controller's
 * filesystem: mounts the host's root (overlay over the cached rootfs, or a copy where overlayfs is
 * refused), a fresh /proc, a minimal /dev and /run, sets the hostname, then becomes the init.
 * Every mount is made in the private namespace, so none outlives the host or shows on the controller.
 * Arguments: lower dir, host dir (upper/, work/, merged/), hostname.
 */
export const SETUP_SCRIPT = `${MOUNT_ROOT}mount -t proc proc "$root/proc"
${DEV_AND_RUN}hostname "$name"
exec chroot "$root" /usr/local/sbin/drover-init
`

/**
 * PID 1 inside the host. Perl because perl-base is Essential (always in minbase) and gives
 * waitpid(-1): as PID 1 it inherits every orphan and must reap them, which sh cannot do reliably.
 * SIGUSR1 = reboot: every other process dies (kill -1 from PID 1 spares only itself), a new boot
 * id is written to /run/drover-boot-id, and sshd starts again after a short delay.
 * SIGTERM = power off: the init exits, and the kernel kills the rest of the namespace.
 */
export const INIT_SCRIPT = `#!/usr/bin/perl
use strict;
use warnings;
use POSIX qw(WNOHANG setsid);

my $reboot = 0;
$SIG{USR1} = sub { $reboot = 1 };
$SIG{TERM} = sub { exit 0 };
$ENV{PATH} = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

sub boot_id {
  open(my $in, '<', '/proc/sys/kernel/random/uuid') or die "uuid: $!";
  my $id = <$in>;
  close $in;
  open(my $out, '>', '/run/drover-boot-id') or die "boot id: $!";
  print $out $id;
  close $out;
}

sub sshd_running_elsewhere {
  # Someone (a service test) may have started its own sshd; two would fight over the port.
  open(my $in, '<', '/run/sshd.pid') or return 0;
  my $pid = <$in>;
  close $in;
  return 0 unless defined $pid && $pid =~ /^(\\d+)/;
  return kill(0, $1);
}

sub start_sshd {
  mkdir '/run/sshd', 0755;
  my $pid = fork();
  return -1 unless defined $pid;
  if ($pid == 0) {
    setsid();
    exec('/usr/sbin/sshd', '-D', '-e') or exit 127;
  }
  return $pid;
}

boot_id();
my $sshd = start_sshd();
my $restart_at = 0;
while (1) {
  while ((my $pid = waitpid(-1, WNOHANG)) > 0) {
    $restart_at = time() + 1 if $pid == $sshd;
  }
  if ($reboot) {
    $reboot = 0;
    kill 'TERM', -1;
    select(undef, undef, undef, 0.5);
    kill 'KILL', -1;
    select(undef, undef, undef, 0.1);
    1 while waitpid(-1, WNOHANG) > 0;
    unlink '/run/sshd.pid';
    boot_id();
    sleep 1;
    $sshd = start_sshd();
    $restart_at = 0;
    next;
  }
  if ($restart_at && time() >= $restart_at) {
    $restart_at = 0;
    $sshd = sshd_running_elsewhere() ? 0 : start_sshd();
  }
  select(undef, undef, undef, 0.2);
}
`

/**
 * /usr/sbin/{reboot,shutdown,halt,poweroff}: like the real ones they return at once and the
 * machine goes down a moment later, so the command that asked for it still reports success.
 */
export const POWER_SCRIPT = `#!/bin/sh
# Disposable test host: ask PID 1 (drover-init) to reboot or power off, a moment from now.
signal=USR1
case "$(basename "$0")" in halt|poweroff) signal=TERM ;; esac
for arg in "$@"; do
  case "$arg" in
    -c) exit 0 ;;
    -h|-P|--poweroff|--halt) signal=TERM ;;
  esac
done
(sleep 1; kill -$signal 1) </dev/null >/dev/null 2>&1 &
echo "drover test host: going down in 1 s (SIG$signal to init)"
exit 0
`

export interface SshdOptions {
  address: string
  port: number
}

export function sshdConfigText(o: SshdOptions): string {
  return [
    `ListenAddress ${o.address}:${o.port}`,
    'HostKey /etc/ssh/ssh_host_ed25519_key',
    'PidFile /run/sshd.pid',
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'AuthenticationMethods publickey',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // PAM's session modules (loginuid) fail inside a namespace; key logins do not need PAM.
    'UsePAM no',
    'LogLevel VERBOSE',
    'MaxSessions 64',
    'MaxStartups 256',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'AcceptEnv LANG LC_*',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n')
}
