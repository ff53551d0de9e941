#!/bin/sh
# Re-record the inventory parity fixtures from ansible-core 2.14 (apt-get install -y ansible-core).
# For each fixtures/<case>/case.json this writes fixtures/<case>/expected/: list.json, list.yaml,
# graph-<group>.txt, graph-vars-<group>.txt, host-<name>.json and patterns.json (for each pattern,
# what `ansible all --list-hosts -l PATTERN` and `ansible PATTERN --list-hosts` print, and their exit codes)
# and combos.json (`ansible PATTERN -l LIMIT --list-hosts`).
# Also writes fixtures/oracle-units.json: fixtures/oracle-inputs.json run through ansible's own
# INI value parser, shlex, range expansion, address parser and pattern splitter.
# Usage: test/unit/inventory/record.sh [units | case ...]
set -eu
cd "$(dirname "$0")/fixtures"
# an empty config file so no ansible.cfg or ~/.ansible.cfg on this machine changes the results
cfg_dir=$(mktemp -d)
trap 'rm -rf "$cfg_dir"' EXIT
: > "$cfg_dir/ansible.cfg"
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_CONFIG="$cfg_dir/ansible.cfg" ANSIBLE_HOME="$cfg_dir/home"
# the python that ansible-core itself runs on, so its modules import
py=$(head -1 "$(command -v ansible)" | sed "s/^#! *//")
$py - "$@" <<'PY'
import json, os, subprocess, sys
# `record.sh units` re-records only the unit tables (fast); no argument re-records everything
cases = [] if sys.argv[1:] == ['units'] else (sys.argv[1:] or sorted(d for d in os.listdir('.') if os.path.isfile(os.path.join(d, 'case.json'))))
def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return p.stdout, p.stderr, p.returncode
for case in cases:
    spec = json.load(open(os.path.join(case, 'case.json')))
    exp = os.path.join(case, 'expected')
    os.makedirs(exp, exist_ok=True)
    inv = [a for s in spec['sources'] for a in ('-i', s)]
    if spec.get('playbookDir'):
        inv += ['--playbook-dir', spec['playbookDir']]
    def save(name, text):
        with open(os.path.join(exp, name), 'w') as f:
            f.write(text)
    out, err, rc = run(['ansible-inventory', *inv, '--list'], case)
    save('list.json', out)
    save('list.stderr', err)
    save('list.yaml', run(['ansible-inventory', *inv, '--list', '-y'], case)[0])
    for g in spec.get('graphs', []):
        save(f'graph-{g}.txt', run(['ansible-inventory', *inv, '--graph', g], case)[0])
        save(f'graph-vars-{g}.txt', run(['ansible-inventory', *inv, '--graph', g, '--vars'], case)[0])
    for h in spec.get('hosts', []):
        save(f'host-{h}.json', run(['ansible-inventory', *inv, '--host', h], case)[0])
    if spec.get('patterns'):
        results = []
        for p in spec['patterns']:
            entry = {'name': p}
            for mode, cmd in (('limit', ['ansible', 'all', *inv, '--list-hosts', '-l', p]),
                              ('as_pattern', ['ansible', p, *inv, '--list-hosts'])):
                if mode == 'as_pattern' and p.startswith('@'):
                    continue
                out, err, rc = run(cmd, case)
                entry[mode] = {'stdout': out, 'stderr': err, 'rc': rc}
            results.append(entry)
        save('patterns.json', json.dumps(results, indent=1) + '\n')
    if spec.get('combos'):
        results = []
        for p, l in spec['combos']:
            out, err, rc = run(['ansible', p, *inv, '--list-hosts', '-l', l], case)
            results.append({'pattern': p, 'limit': l, 'run': {'stdout': out, 'stderr': err, 'rc': rc}})
        save('combos.json', json.dumps(results, indent=1) + '\n')
    print('recorded', case)

# Unit-level oracle tables: the same inputs through ansible's own functions.
from ansible.plugins.inventory.ini import InventoryModule as Ini
from ansible.plugins.inventory import expand_hostname_range
from ansible.parsing.utils.addresses import parse_address
from ansible.inventory.manager import split_host_pattern
import shlex
def jsonable(v):
    if isinstance(v, (list, tuple, set)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k) if not isinstance(k, bool) else str(k).lower(): jsonable(x) for k, x in v.items()}
    return v
def attempt(f):
    try:
        return {'ok': f()}
    except Exception as e:
        return {'error': str(e)}
inputs = json.load(open('oracle-inputs.json'))
units = {
    'ini_values': [[v, jsonable(Ini._parse_value(v))] for v in inputs['ini_values']],
    'shlex': [[v, attempt(lambda: shlex.split(v, comments=True))] for v in inputs['shlex']],
    'ranges': [[v, expand_hostname_range(v)] for v in inputs['ranges']],
    'range_errors': [[v, attempt(lambda: expand_hostname_range(v))] for v in inputs['range_errors']],
    'addresses': [[v, attempt(lambda: list(parse_address(v, allow_ranges=True)))] for v in inputs['addresses']],
    'split_patterns': [[v, split_host_pattern(v)] for v in inputs['split_patterns']],
}
with open('oracle-units.json', 'w') as f:
    f.write(json.dumps(units, indent=1, ensure_ascii=False) + '\n')
print('recorded oracle-units.json')
PY
