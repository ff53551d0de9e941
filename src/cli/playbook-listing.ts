/**
 * `--list-hosts`, `--list-tasks`, `--list-tags` and `--syntax-check` output, exactly as
 * ansible-playbook 2.14 prints it (reference §6.6). Pure: plays and a host selector in, text out.
 * Where Ansible prints a Python set (play tags, the host list) the order is random from run to run;
 * drover prints tags sorted and hosts in inventory order.
 */
import { selectedByTags } from '../playbook/tags.js'
import type { Play, TaskItem } from '../playbook/types.js'

export interface ListingOptions {
  listHosts?: boolean
  listTasks?: boolean
  listTags?: boolean
  /** `-t` values (already split on commas); empty means `all`. */
  runTags?: string[]
  skipTags?: string[]
}

/** Python's repr of a str, as in `pattern: ['web:db']`. */
function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  const body = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t')
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote
}

/** The name a listing shows: `role : name` for named role tasks, else the module as written. */
function listedName(item: TaskItem): string {
  if (item.name) return item.role ? `${item.role.name} : ${item.name}` : item.name
  if (item.kind === 'task') return item.writtenAction ?? item.action
  if (item.kind === 'include_tasks' && item.legacy) return 'include'
  return item.kind
}

interface Listed {
  name: string
  tags: string[]
}

/** Tasks in play order as Ansible's listing walks them: only `block:` parts, never rescue/always. */
function listedTasks(items: TaskItem[], runTags: string[], skipTags: string[]): Listed[] {
  return items.flatMap((item): Listed[] => {
    if (item.kind === 'block') return listedTasks(item.block, runTags, skipTags)
    if (!selectedByTags(item.tags, runTags, skipTags)) return []
    return [{ name: listedName(item), tags: item.tags }]
  })
}

function sortedUnique(tags: Iterable<string>): string[] {
  return [...new Set(tags)].sort()
}

export function formatPlayListing(play: Play, index: number, options: ListingOptions, selectHosts: (pattern: string) => string[]): string {
  const written = play.hostsWritten ?? [play.hosts]
  const hostList = written.join(',')
  const name = play.name ?? hostList
  let text = `\n  play #${index + 1} (${hostList}): ${name}\tTAGS: [${sortedUnique(play.tags).join(',')}]`
  if (options.listHosts) {
    const hosts = selectHosts(play.hosts)
    text += `\n    pattern: [${written.map(pyRepr).join(', ')}]\n    hosts (${hosts.length}):`
    for (const host of hosts) text += `\n      ${host}`
  }
  text += '\n'
  if (options.listTasks || options.listTags) {
    const tasks = [play.preTasks, play.roles, play.tasks, play.postTasks].flatMap((section) => listedTasks(section, options.runTags ?? [], options.skipTags ?? []))
    let taskText = options.listTasks ? '    tasks:\n' : ''
    if (options.listTasks) for (const task of tasks) taskText += `      ${task.name}\tTAGS: [${sortedUnique([...play.tags, ...task.tags]).join(', ')}]\n`
    if (options.listTags) taskText += `      TASK TAGS: [${sortedUnique([...play.tags, ...tasks.flatMap((t) => t.tags)]).join(', ')}]\n`
    text += taskText
  }
  return text
}

/** Everything ansible-playbook prints for one playbook under the listing flags. */
export function formatPlaybookListing(displayName: string, plays: Play[], options: ListingOptions, selectHosts: (pattern: string) => string[]): string {
  return `\nplaybook: ${displayName}\n` + plays.map((play, i) => formatPlayListing(play, i, options, selectHosts)).join('')
}

/** `--syntax-check` success output (errors are thrown while loading, before this). */
export function formatSyntaxCheck(displayName: string): string {
  return `\nplaybook: ${displayName}\n`
}
