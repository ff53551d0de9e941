/** cron scenarios for the host differential (host-scenario.ts): user crontabs and /etc/cron.d files on a disposable host. */
import type { HostScenario } from './host-scenario.js'

export const CRON_HOST_SCENARIOS: HostScenario[] = [
  {
    name: 'cron: jobs, variables, cron_file, absent',
    diff: true,
    setup: "printf '# by hand\\n5 5 * * * /bin/true\\n' | crontab -u deploy -",
    tasks: [
      { module: 'cron', args: { name: 'backup', minute: '0', hour: '3', job: '/usr/bin/backup "$(date)"' }, check: true },
      { module: 'cron', args: { name: 'backup', minute: '0', hour: '3', job: '/usr/bin/backup "$(date)"' } },
      { module: 'cron', args: { name: 'backup', minute: '0', hour: '3', job: '/usr/bin/backup "$(date)"' } },
      { module: 'cron', args: { name: 'backup', special_time: 'daily', job: '/usr/bin/backup', disabled: true } },
      { module: 'cron', args: { name: 'PATH', env: true, job: '/usr/bin:/bin' } },
      { module: 'cron', args: { name: 'SHELL', env: true, job: '/bin/sh', insertafter: 'PATH' } },
      { module: 'cron', args: { name: 'report', user: 'deploy', weekday: '1', job: 'echo `hostname`' } },
      { module: 'cron', args: { name: 'tidy', user: 'root', cron_file: 'drover-tidy', minute: '*/10', job: 'find /tmp -delete' } },
      { module: 'cron', args: { name: 'tidy', user: 'root', cron_file: 'drover-tidy', minute: '*/10', job: 'find /tmp -delete' } },
      { module: 'cron', args: { name: 'x', special_time: 'daily', hour: '1', job: 'y' } },
      { module: 'cron', args: { name: 'backup', state: 'absent' } },
      { module: 'cron', args: { name: 'backup', state: 'absent' } },
      { module: 'cron', args: { name: 'tidy', cron_file: 'drover-tidy', state: 'absent' } },
    ],
    state: { paths: ['/etc/cron.d/drover-tidy', '/var/spool/cron/crontabs/root', '/var/spool/cron/crontabs/deploy'] },
  },
]
