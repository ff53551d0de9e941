/** Every module drover ships, listed statically so lookups need no file-system scan. */
import type { Module } from '../src/module/types.js'
import { assert } from './assert.js'
import { command } from './command.js'
import { copy } from './copy.js'
import { file } from './file.js'
import { blockinfile } from './blockinfile.js'
import { replace } from './replace.js'
import { template } from './template.js'
import { lineinfile } from './lineinfile.js'
import { stat } from './stat.js'
import { debug } from './debug.js'
import { fail } from './fail.js'
import { meta } from './meta.js'
import { set_fact } from './set_fact.js'
import { setup } from './setup.js'
import { ping } from './ping.js'
import { raw } from './raw.js'
import { shell } from './shell.js'
import { slurp } from './slurp.js'
import { find } from './find.js'
import { tempfile } from './tempfile.js'
import { fetch } from './fetch.js'
import { script } from './script.js'
import { get_url } from './get_url.js'
import { unarchive } from './unarchive.js'
import { git } from './git.js'
import { cron } from './cron.js'
import { authorized_key } from './authorized_key.js'
import { mount } from './mount.js'
import { wait_for } from './wait_for.js'
import { uri } from './uri.js'
import { include_vars } from './include_vars.js'
import { add_host } from './add_host.js'
import { group_by } from './group_by.js'
import { set_stats } from './set_stats.js'
import { pause } from './pause.js'
import { apt } from './apt.js'
import { service } from './service.js'
import { systemd } from './systemd.js'
import { hostname } from './hostname.js'
import { sysctl } from './sysctl.js'
import { wait_for_connection } from './wait_for_connection.js'
import { reboot } from './reboot.js'
import { packageModule } from './package.js'
import { expect } from './expect.js'
import { cli_command } from './cli_command.js'
import { cli_config } from './cli_config.js'
import { NETWORK_FACTS_MODULES } from './network_facts.js'
import { user } from './user.js'
import { group } from './group.js'

export const BUILTIN_MODULES: readonly Module[] = [
  command,
  shell,
  raw,
  ping,
  debug,
  set_fact,
  assert,
  fail,
  meta,
  setup,
  file,
  stat,
  copy,
  lineinfile,
  template,
  blockinfile,
  replace,
  slurp,
  find,
  tempfile,
  fetch,
  script,
  get_url,
  unarchive,
  git,
  cron,
  authorized_key,
  mount,
  wait_for,
  uri,
  include_vars,
  add_host,
  group_by,
  set_stats,
  pause,
  apt,
  service,
  systemd,
  hostname,
  sysctl,
  wait_for_connection,
  reboot,
  packageModule,
  expect,
  cli_command,
  cli_config,
  ...NETWORK_FACTS_MODULES,
  user,
  group,
]
