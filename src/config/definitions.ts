/**
 * One row per setting: where Ansible users already set it (ansible.cfg section/key, ANSIBLE_*
 * variables) and drover's own DROVER_* name. The resolver in settings.ts reads only this table.
 */
export type SettingType = 'string' | 'int' | 'bool' | 'pathlist' | 'hostKeyChecking'

export interface SettingDefinition {
  type: SettingType
  default: unknown
  ini?: [section: string, key: string][]
  env: string[]
}

export const SETTING_DEFINITIONS = {
  inventory: { type: 'pathlist', default: ['/etc/ansible/hosts'], ini: [['defaults', 'inventory'], ['defaults', 'hostfile']], env: ['DROVER_INVENTORY', 'ANSIBLE_INVENTORY'] },
  forks: { type: 'int', default: 5, ini: [['defaults', 'forks']], env: ['DROVER_FORKS', 'ANSIBLE_FORKS'] },
  remoteUser: { type: 'string', default: undefined, ini: [['defaults', 'remote_user']], env: ['DROVER_REMOTE_USER', 'ANSIBLE_REMOTE_USER'] },
  privateKeyFile: { type: 'string', default: undefined, ini: [['defaults', 'private_key_file']], env: ['DROVER_PRIVATE_KEY_FILE', 'ANSIBLE_PRIVATE_KEY_FILE'] },
  hostKeyChecking: { type: 'hostKeyChecking', default: true, ini: [['defaults', 'host_key_checking']], env: ['DROVER_HOST_KEY_CHECKING', 'ANSIBLE_HOST_KEY_CHECKING'] },
  timeout: { type: 'int', default: 10, ini: [['defaults', 'timeout']], env: ['DROVER_TIMEOUT', 'ANSIBLE_TIMEOUT'] },
  become: { type: 'bool', default: false, ini: [['privilege_escalation', 'become']], env: ['DROVER_BECOME', 'ANSIBLE_BECOME'] },
  becomeMethod: { type: 'string', default: 'sudo', ini: [['privilege_escalation', 'become_method']], env: ['DROVER_BECOME_METHOD', 'ANSIBLE_BECOME_METHOD'] },
  becomeUser: { type: 'string', default: 'root', ini: [['privilege_escalation', 'become_user']], env: ['DROVER_BECOME_USER', 'ANSIBLE_BECOME_USER'] },
  verbosity: { type: 'int', default: 0, ini: [['defaults', 'verbosity']], env: ['DROVER_VERBOSITY', 'ANSIBLE_VERBOSITY'] },
  forceColor: { type: 'bool', default: false, ini: [['defaults', 'force_color']], env: ['DROVER_FORCE_COLOR', 'ANSIBLE_FORCE_COLOR', 'FORCE_COLOR'] },
  noColor: { type: 'bool', default: false, ini: [['defaults', 'nocolor']], env: ['DROVER_NOCOLOR', 'ANSIBLE_NOCOLOR', 'NO_COLOR'] },
  rolesPath: { type: 'pathlist', default: ['~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles'], ini: [['defaults', 'roles_path']], env: ['DROVER_ROLES_PATH', 'ANSIBLE_ROLES_PATH'] },
  vaultPasswordFile: { type: 'string', default: undefined, ini: [['defaults', 'vault_password_file']], env: ['DROVER_VAULT_PASSWORD_FILE', 'ANSIBLE_VAULT_PASSWORD_FILE'] },
  transport: { type: 'string', default: 'smart', ini: [['defaults', 'transport']], env: ['DROVER_TRANSPORT', 'ANSIBLE_TRANSPORT'] },
  sshRetries: { type: 'int', default: 0, ini: [['ssh_connection', 'retries'], ['connection', 'retries']], env: ['DROVER_SSH_RETRIES', 'ANSIBLE_SSH_RETRIES'] },
  knownHostsFile: { type: 'string', default: '~/.ssh/known_hosts', env: ['DROVER_KNOWN_HOSTS'] },
  sshArgs: { type: 'string', default: undefined, ini: [['ssh_connection', 'ssh_args']], env: ['DROVER_SSH_ARGS', 'ANSIBLE_SSH_ARGS'] },
  sshCommonArgs: { type: 'string', default: undefined, ini: [['ssh_connection', 'ssh_common_args']], env: ['DROVER_SSH_COMMON_ARGS', 'ANSIBLE_SSH_COMMON_ARGS'] },
  sshExtraArgs: { type: 'string', default: undefined, ini: [['ssh_connection', 'ssh_extra_args']], env: ['DROVER_SSH_EXTRA_ARGS', 'ANSIBLE_SSH_EXTRA_ARGS'] },
  sshConfigFile: { type: 'string', default: undefined, env: ['DROVER_SSH_CONFIG'] },
  privateKeyPassphraseFile: { type: 'string', default: undefined, env: ['DROVER_PRIVATE_KEY_PASSPHRASE_FILE'] },
  connectionPasswordFile: { type: 'string', default: undefined, ini: [['defaults', 'connection_password_file']], env: ['DROVER_CONNECTION_PASSWORD_FILE', 'ANSIBLE_CONNECTION_PASSWORD_FILE'] },
  becomePasswordFile: { type: 'string', default: undefined, ini: [['defaults', 'become_password_file']], env: ['DROVER_BECOME_PASSWORD_FILE', 'ANSIBLE_BECOME_PASSWORD_FILE'] },
  becomeFlags: { type: 'string', default: undefined, ini: [['privilege_escalation', 'become_flags']], env: ['DROVER_BECOME_FLAGS', 'ANSIBLE_BECOME_FLAGS'] },
  becomeExe: { type: 'string', default: undefined, ini: [['privilege_escalation', 'become_exe']], env: ['DROVER_BECOME_EXE', 'ANSIBLE_BECOME_EXE'] },
  showCustomStats: { type: 'bool', default: false, ini: [['defaults', 'show_custom_stats']], env: ['DROVER_SHOW_CUSTOM_STATS', 'ANSIBLE_SHOW_CUSTOM_STATS'] },
} as const satisfies Record<string, SettingDefinition>

export type SettingName = keyof typeof SETTING_DEFINITIONS
