/**
 * Template benchmark: a ~200-line configuration template with loops and filters rendered for
 * 1,000 hosts through Templar.renderFile (the template module's path).
 * Run: npx tsc -p tsconfig.json && node dist/bench/template.js
 */
import { performance } from 'node:perf_hooks'
import { Templar } from '../src/template/index.js'

function buildTemplate(): string {
  const lines: string[] = [
    '# {{ ansible_managed | default("Managed by drover") }}',
    '# host: {{ inventory_hostname }} ({{ ansible_host }})',
    'global',
    '    log /dev/log local0 {{ log_level | default("info") }}',
    '    maxconn {{ (max_conn | int) * 2 }}',
    '    user {{ service_user | default("haproxy") }}',
    '    nbthread {{ cpus | default(2) }}',
    '{% if tls.enabled %}',
    '    ssl-default-bind-ciphers {{ tls.ciphers | join(":") }}',
    '    ssl-default-bind-options {{ tls.options | map("lower") | join(" ") }}',
    '{% endif %}',
    '',
    'defaults',
    '    mode http',
    '{% for k, v in timeouts | dictsort %}',
    '    timeout {{ k }} {{ v }}{{ "s" if v is number else "" }}',
    '{% endfor %}',
    '',
  ]
  for (let s = 0; s < 6; s++) {
    lines.push(
      `{% set svc = services[${s}] %}`,
      `frontend fe_{{ svc.name | replace("-", "_") }}`,
      `    bind {{ listen_ip }}:{{ svc.port }}{% if svc.tls | default(false) %} ssl crt {{ tls.cert }}{% endif %}`,
      `    default_backend be_{{ svc.name | replace("-", "_") }}`,
      `{% for acl in svc.acls | default([]) %}`,
      `    acl {{ acl.name }} {{ acl.expr }}`,
      `    use_backend be_{{ acl.backend }} if {{ acl.name }}`,
      `{% endfor %}`,
      ``,
      `backend be_{{ svc.name | replace("-", "_") }}`,
      `    balance {{ svc.balance | default("roundrobin") }}`,
      `    option httpchk GET {{ svc.health | default("/health") }}`,
      `{% for m in svc.members | sort(attribute="name") %}`,
      `    server {{ m.name }} {{ m.ip }}:{{ m.port | default(svc.port) }} check weight {{ (m.weight | default(1) * 10) | int }}{{ " backup" if m.backup | default(false) | bool else "" }}`,
      `{% endfor %}`,
      `    # {{ svc.members | length }} members, {{ svc.members | selectattr("backup", "defined") | list | length }} with backup flag`,
      ``,
    )
  }
  lines.push(
    '{% for u in users if u.active %}',
    'userlist {{ u.name | upper }}',
    '    user {{ u.name }} password {{ u.hash | default("*") }}',
    '    # groups: {{ u.groups | default([]) | unique | sort | join(",") }}',
    '{% endfor %}',
    '',
    '{% for line in extra_lines %}',
    '{{ line | trim }}',
    '{% endfor %}',
    '# stats: {{ services | map(attribute="members") | map("length") | sum }} servers',
    '# ports: {{ services | map(attribute="port") | list | to_json }}',
    '# facts: {{ facts.os | default("linux") | title }} {{ facts.kernel | regex_replace("-.*$", "") }}',
  )
  while (lines.length < 200) lines.push(`# pad {{ inventory_hostname }} line ${lines.length}`)
  return lines.join('\n') + '\n'
}

function hostVars(i: number): Record<string, unknown> {
  const members = (s: number) =>
    Array.from({ length: 4 }, (_, m) => ({ name: `app${s}-${m}`, ip: `10.${s}.${i % 250}.${m + 10}`, port: 8000 + m, weight: (m % 3) + 1, ...(m === 3 ? { backup: 'yes' } : {}) }))
  return {
    inventory_hostname: `lb${String(i).padStart(4, '0')}.example.com`,
    ansible_host: `192.0.2.${i % 250}`,
    max_conn: String(2000 + i),
    cpus: 2 + (i % 4),
    listen_ip: '0.0.0.0',
    tls: { enabled: i % 2 === 0, cert: '/etc/ssl/site.pem', ciphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'], options: ['NO-SSLV3', 'NO-TLSV10'] },
    timeouts: { connect: 5, client: 30, server: 30, 'http-request': '10s' },
    services: Array.from({ length: 6 }, (_, s) => ({
      name: `svc-${s}`,
      port: 8080 + s,
      tls: s % 2 === 0,
      acls: s === 0 ? [{ name: 'is_api', expr: 'path_beg /api', backend: 'svc_1' }] : [],
      members: members(s),
    })),
    users: Array.from({ length: 5 }, (_, u) => ({ name: `user${u}`, active: u % 2 === 0, groups: ['ops', 'dev', 'ops'] })),
    extra_lines: ['  # extra one  ', '  # extra two  '],
    facts: { os: 'debian', kernel: '6.1.0-18-amd64' },
  }
}

const template = buildTemplate()
const hosts = Array.from({ length: 1000 }, (_, i) => hostVars(i))
const templar = new Templar()

const t0 = performance.now()
const first = templar.renderFile(template, hosts[0])
const firstMs = performance.now() - t0

// steady state: every host renders the (now cached) template
const t1 = performance.now()
let bytes = 0
for (const h of hosts) bytes += templar.renderFile(template, h).length
const ms = performance.now() - t1

const t2 = performance.now()
const cold = new Templar()
cold.renderFile(template, hosts[1])
const coldMs = performance.now() - t2

console.log(`template: ${template.split('\n').length - 1} lines; output ${first.split('\n').length - 1} lines for the first host`)
console.log(`first render (uncached: lex+parse+compile+render), process cold: ${firstMs.toFixed(2)} ms`)
console.log(`first render on a fresh Templar (JIT warm): ${coldMs.toFixed(2)} ms`)
console.log(`1000 hosts: ${ms.toFixed(1)} ms total, ${(1000 / (ms / 1000)).toFixed(0)} renders/second, ${(ms / 1000).toFixed(3)} ms/render, ${(bytes / 1024).toFixed(0)} KiB output`)
