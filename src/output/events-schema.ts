/**
 * The published JSON Schemas of drover's machine-readable output: one line of `--output json`
 * (`drover schema events`) and the `--summary` file (`drover schema summary`).
 */
const str = { type: 'string' }
const int = { type: 'integer', minimum: 0 }
const bool = { type: 'boolean' }
const result = { type: 'object', description: 'the module result as Ansible registers it; {"censored": …, "changed": …} under no_log' }
const status = { enum: ['ok', 'changed', 'failed', 'skipped', 'unreachable'] }
const task = {
  type: 'object',
  required: ['name', 'action'],
  properties: { name: str, action: str, file: str, line: int, handler: bool },
}
const stats = {
  type: 'object',
  required: ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'],
  properties: Object.fromEntries(['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'].map((k) => [k, int])),
  additionalProperties: false,
}

function event(type: string, description: string, properties: Record<string, unknown>, required: string[]) {
  return {
    type: 'object',
    description,
    required: ['type', 'time', ...required],
    properties: { type: { const: type }, time: { type: 'string', format: 'date-time' }, ...properties },
    additionalProperties: false,
  }
}

export function eventsSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://drover.dev/schema/events-1.json',
    title: 'drover --output json: one event per line',
    oneOf: [
      event('playbook_start', 'a playbook file starts', { file: str, plays: int }, ['file']),
      event('play_start', 'a play (or a serial batch of it) starts', { name: str, pattern: str, hosts: { type: 'array', items: str } }, ['name', 'pattern', 'hosts']),
      event('no_hosts_matched', "a play's pattern matched no host", {}, []),
      event('no_more_hosts', 'every host of the batch failed: the run stops', {}, []),
      event('task_start', 'a task or handler starts', { task, hosts: { type: 'array', items: str } }, ['task']),
      event(
        'item_result',
        "one loop item's result; the task's host_result follows",
        { host: str, task, status, result, label: str, delegatedTo: str, delegatedAddress: str, noLog: bool },
        ['host', 'task', 'status', 'result', 'label', 'noLog'],
      ),
      event(
        'host_result',
        "a host's result for a task",
        { host: str, task, status, result, ignored: bool, loop: bool, delegatedTo: str, delegatedAddress: str, noLog: bool },
        ['host', 'task', 'status', 'result', 'ignored'],
      ),
      event('included', 'a dynamic include resolved to a file for these hosts', { file: str, hosts: { type: 'array', items: str }, task, label: str }, ['file', 'hosts', 'task']),
      event('retry', 'an until loop will try again', { host: str, task, retriesLeft: int }, ['host', 'task', 'retriesLeft']),
      event('warning', 'a warning (also printed to stderr)', { message: str }, ['message']),
      event('display', 'a line a module shows while it runs (pause)', { text: str }, ['text']),
      event('recap', 'the PLAY RECAP counters per host', { stats: { type: 'object', additionalProperties: stats } }, ['stats']),
      event('run_end', 'the last line: how the run ended', { exitCode: int, durationMs: { type: 'number', minimum: 0 }, interrupted: bool }, ['exitCode', 'durationMs', 'interrupted']),
    ],
  }
}

export function summarySchema(): Record<string, unknown> {
  const where = { host: str, task: str, play: str, file: str, line: int }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://drover.dev/schema/summary-1.json',
    title: 'drover --summary FILE',
    type: 'object',
    required: ['version', 'playbooks', 'exitCode', 'interrupted', 'durationMs', 'hosts', 'changed', 'failures'],
    additionalProperties: false,
    properties: {
      version: { const: 1 },
      playbooks: { type: 'array', items: str },
      exitCode: int,
      interrupted: bool,
      durationMs: { type: 'number', minimum: 0 },
      hosts: { type: 'object', additionalProperties: stats },
      changed: { type: 'array', items: { type: 'object', required: ['host', 'task', 'play'], properties: where, additionalProperties: false } },
      failures: {
        type: 'array',
        items: {
          type: 'object',
          required: ['host', 'task', 'play', 'status', 'message'],
          properties: { ...where, status: { enum: ['failed', 'unreachable'] }, message: str },
          additionalProperties: false,
        },
      },
    },
  }
}
