/**
 * Differential scenarios for mount and authorized_key that touch only files in the scenario dir
 * (`fstab:` and `path:` there), so ansible-core can record them with a local connection.
 */
import type { Scenario } from './scenario.js'

const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOne one@example'
const K2 = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQTwo two@example'

export const FSTAB_KEYS_SCENARIOS: Scenario[] = [
  {
    name: 'mount: fstab entries only (present, absent_from_fstab)',
    diff: true,
    setup: { fstab: '# static\nUUID=1 / ext4 defaults 0 1\n/dev/sdb1 /srv/data ext4 defaults\n' },
    tasks: [
      { module: 'mount', args: { path: '/srv/cache', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=8m', state: 'present', fstab: '@DIR@/fstab' }, check: true },
      { module: 'mount', args: { path: '/srv/cache', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=8m', state: 'present', fstab: '@DIR@/fstab' } },
      { module: 'mount', args: { path: '/srv/cache', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=8m', state: 'present', fstab: '@DIR@/fstab' } },
      { module: 'mount', args: { path: '/srv/data', src: '/dev/sdb1', fstype: 'ext4', state: 'present', fstab: '@DIR@/fstab', boot: false } },
      { module: 'mount', args: { path: '/mnt/my disk', src: 'a&b', fstype: 'vfat', state: 'present', fstab: '@DIR@/fstab', dump: '1', passno: '2' } },
      { module: 'mount', args: { path: '/srv/cache', state: 'absent_from_fstab', fstab: '@DIR@/fstab' } },
      { module: 'mount', args: { path: '/srv/cache', state: 'absent_from_fstab', fstab: '@DIR@/fstab' } },
      { module: 'mount', args: { path: '/srv/x', state: 'present', fstab: '@DIR@/fstab' } },
    ],
  },
  {
    name: 'authorized_key: a key file by path',
    diff: true,
    setup: { 'keys/authorized_keys': { content: `# by hand\n${K2}\n`, mode: '0644' } },
    tasks: [
      { module: 'authorized_key', args: { user: 'root', key: K1, path: '@DIR@/keys/authorized_keys' }, check: true },
      { module: 'authorized_key', args: { user: 'root', key: K1, path: '@DIR@/keys/authorized_keys' } },
      { module: 'authorized_key', args: { user: 'root', key: K1, path: '@DIR@/keys/authorized_keys' } },
      { module: 'authorized_key', args: { user: 'root', key: K2, path: '@DIR@/keys/authorized_keys', key_options: 'no-pty,from="10.0.0.1"' } },
      { module: 'authorized_key', args: { user: 'root', key: K1, path: '@DIR@/keys/authorized_keys', comment: 'renamed' } },
      { module: 'authorized_key', args: { user: 'root', key: 'ssh-ed25519 AAAAnocomment', path: '@DIR@/new/authorized_keys' } },
      { module: 'authorized_key', args: { user: 'root', key: K2, path: '@DIR@/keys/authorized_keys', state: 'absent' } },
      { module: 'authorized_key', args: { user: 'root', key: `${K1}\n${K2}`, path: '@DIR@/keys/authorized_keys', exclusive: true } },
      { module: 'authorized_key', args: { user: 'root', key: 'not a key', path: '@DIR@/keys/authorized_keys' } },
    ],
  },
]
