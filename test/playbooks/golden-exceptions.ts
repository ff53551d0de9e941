/** Lines the golden comparison drops, each with why drover may differ there. */
import type { GoldenException } from './golden-normalize.js'

export const GOLDEN_EXCEPTIONS: GoldenException[] = [
  // -vvv: Ansible describes its own installation and plugin machinery; drover has neither.
  { case: '*', mode: 'vvv', line: /^(ansible-playbook \[core |  (ansible|config file|configured module|executable|jinja|libyaml|python)\b)/, reason: "Ansible's version block: drover's own version is not Ansible's" },
  { case: '*', mode: 'vvv', line: /^(\S+ declined parsing |Parsed .* inventory source with |Skipping callback |Using module file |META: )/, reason: "Ansible's plugin loader traces: drover has no plugins" },
  { case: '*', mode: 'vvv', line: /^<[^>]+> /, reason: "OpenSSH-CLI connection traces (ControlMaster, AnsiballZ uploads): drover speaks SSH itself and uploads no Python" },
  { case: '*', mode: 'vvv', line: /^(Pipelining is enabled\.|ESTABLISH |EXEC |PUT |SSH: )/, reason: 'connection traces, as above' },
  { case: '01-command-shell.yml', mode: 'v', line: /^changed: \[h\d\] => \{"changed": true, "rc": 0, "stderr": "/, reason: "raw's stderr carries OpenSSH's 'Shared connection … closed.' notice (ControlMaster); drover's own SSH has none" },
  { case: 'diff-files.yml', mode: 'diff', line: /^\+\+\+ after: <HARNESS>\/(home\/\.ansible\/tmp|scratch)\//, reason: "copy's after-header names Ansible's controller-side temp file; drover names the destination" },
  { case: '46-add-host-group-by.yml', mode: 'v', line: /^changed: \[h1\] => \{"add_host": /, reason: 'add_host echoes the host vars it was given, which include the harness\'s random port' },
]
