/**
 * Runs playbooks as ansible-playbook does: plays in order, each over its hosts in serial batches,
 * facts gathered first, then the sections. Failed hosts stay out of later plays; a play in which
 * every host failed ends the run. One recap for the whole run.
 */
import pLimit from 'p-limit'
import type { Reporter } from '../output/events.js'
import type { IncludeLoadContext } from '../playbook/runtime-includes.js'
import type { Play, Task, TaskItem, VarsPrompt } from '../playbook/types.js'
import type { Templar } from '../template/index.js'
import { RunState } from '../vars/host-state.js'
import { hostLevelVars, lazyHostvars, type PlayScope, type VarsSources } from '../vars/task-vars.js'
import { serialBatches } from './batches.js'
import { runFree } from './free-strategy.js'
import { revealItemVars } from './reveal-vars.js'
import { RunControl, type RunControlOptions } from './run-control.js'
import { checkNotifications, runSections, runItems, type InventoryChanges, type PlayRunner } from './play-run.js'
import { RunStats } from './stats.js'
import type { RunContext } from './task-runner.js'
import { VarsFileLoader } from './vars-files.js'

export interface PlaybookRun {
  playbooks: { file: string; plays: Play[] }[]
  playbookDir: string
  selectHosts: (pattern: string) => string[]
  /** Every inventory host, --limit or not: `hostvars` has them all (delegate_facts writes to any). */
  allHosts?: () => string[]
  inventoryVars: (host: string) => Record<string, unknown>
  extraVars: Record<string, unknown>
  decrypt: (text: string, file: string) => string
  /** --tags / --skip-tags. */
  selected: (item: Task | TaskItem) => boolean
  templar: Templar
  verbosity: number
  includeContext: IncludeLoadContext
  forceHandlers: boolean
  /** Inline `!vault` values to plaintext (registered for redaction). */
  reveal: <T>(value: T) => T
  inventory: InventoryChanges
  /** --start-at-task and --step. */
  control?: RunControlOptions
  /** Asks a play's vars_prompt questions (those not given with -e); answers become play vars. */
  varsPrompt?: (prompts: VarsPrompt[]) => Promise<Record<string, unknown>>
}

export interface PlaybookOutcome {
  stats: RunStats
  /** --start-at-task named a task no play has (Ansible reports it after the recap). */
  unmatchedStartAt?: string
  /** --step could not ask (no terminal): the run stopped before its first task. */
  stepRefused: boolean
}

function gatherTask(play: Play): Task {
  return {
    kind: 'task',
    where: play.where,
    name: 'Gathering Facts',
    when: [],
    tags: ['always'],
    vars: {},
    become: play.become,
    environment: [],
    ignoreErrors: play.ignoreErrors,
    ignoreUnreachable: play.ignoreUnreachable,
    noLog: play.noLog,
    delegateFacts: false,
    runOnce: false,
    remoteUser: play.remoteUser,
    connection: play.connection,
    action: 'setup',
    args: play.gatherSubset === undefined ? {} : { gather_subset: play.gatherSubset },
    loopControl: { loopVar: 'item' },
    notify: [],
    listen: [],
  }
}

export async function runPlaybooks(run: PlaybookRun, context: RunContext, reporter: Reporter): Promise<PlaybookOutcome> {
  const stats = new RunStats()
  const state = new RunState()
  const limit = pLimit(Math.max(1, context.settings.forks))
  const runMagic = {
    playbook_dir: run.playbookDir,
    ansible_check_mode: context.check,
    ansible_diff_mode: context.diff,
    ansible_forks: context.settings.forks,
    ansible_verbosity: run.verbosity,
    ansible_version: { full: '2.14.18', major: 2, minor: 14, revision: 18, string: '2.14.18' },
  }
  const sources: VarsSources = { inventoryVars: run.inventoryVars, state, extraVars: run.extraVars, runMagic }
  const varsFiles = new VarsFileLoader(run.playbookDir, run.templar, run.decrypt)
  const control = new RunControl(run.control ?? {})

  playbooks: for (const { file, plays } of run.playbooks) {
    reporter.handle({ type: 'playbook_start', file, plays: plays.length })
    for (const written of plays) {
      checkNotifications(written)
      // include_role adds its handlers while the play runs: keep the loaded play untouched.
      const play: Play = { ...written, vars: run.reveal(written.vars), handlers: [...written.handlers] }
      for (const section of [play.preTasks, play.roles, play.tasks, play.postTasks, play.handlers]) revealItemVars(section, run.reveal)
      // Ansible asks before the play starts and does not ask for what -e already sets.
      const prompts = written.varsPrompt.filter((p) => !(p.name in run.extraVars))
      if (prompts.length && run.varsPrompt) Object.assign(play.vars, await run.varsPrompt(prompts))
      const rolesRun = new Map<string, Set<string>>()
      const pattern = String(run.templar.render(play.hosts, { ...play.vars, ...run.extraVars }, { where: play.where, native: false }))
      const hosts = run.selectHosts(pattern).filter((h) => !state.get(h).failed && !state.get(h).unreachable)
      const name = play.name === undefined ? pattern : String(run.templar.render(play.name, { ...play.vars, ...run.extraVars }, { where: play.where, native: false }))
      if (hosts.length === 0) {
        reporter.handle({ type: 'play_start', name, pattern, hosts })
        reporter.handle({ type: 'no_hosts_matched' })
        continue
      }
      const fileVars = new Map<string, Record<string, unknown>>()
      const scope: PlayScope = {
        play,
        playHosts: hosts,
        batch: hosts,
        hostvars: {},
        varsFiles: (host) => {
          let vars = fileVars.get(host)
          if (!vars) {
            fileVars.set(host, {}) // a vars_files path that refers to vars_files content must not recurse
            vars = run.reveal(varsFiles.load(play.varsFiles, { ...run.inventoryVars(host), ...play.vars, ...run.extraVars }, play.where))
            fileVars.set(host, vars)
          }
          return vars
        },
      }
      scope.hostvars = lazyHostvars(() => [...new Set([...hosts, ...(run.allHosts?.() ?? [])])], (host) => hostLevelVars(host, sources, scope))
      if (context.signal?.aborted) break playbooks
      for (const batch of serialBatches(hosts, play.serial, play.where)) {
        if (context.signal?.aborted || control.halted) break playbooks
        reporter.handle({ type: 'play_start', name, pattern, hosts: batch })
        for (const host of batch) state.get(host).ended = false
        scope.batch = batch
        const runner: PlayRunner = {
          play,
          scope,
          sources,
          state,
          stats,
          reporter,
          templar: run.templar,
          taskEnv: { context, templar: run.templar, reporter, verbosity: run.verbosity, connectionVars: (host) => run.inventoryVars(host) },
          limit,
          selected: run.selected,
          forceHandlers: play.forceHandlers || run.forceHandlers,
          ended: false,
          includeContext: run.includeContext,
          rolesRun,
          inventory: run.inventory,
          control,
          reveal: run.reveal,
        }
        // A missing or broken vars file is an error for the run, found before any task of the batch.
        if (play.varsFiles.length) for (const host of batch) scope.varsFiles(host)
        const gather = play.gatherFacts ? gatherTask(play) : undefined
        if (!control.enterPlay([play.preTasks, play.roles, play.tasks, play.postTasks], gather)) continue
        if (play.strategy === 'free') await runFree(runner, batch, gather)
        else {
          if (gather) await runItems(runner, [gather], batch)
          await runSections(runner, batch)
        }
        if (control.halted) break playbooks
        const alive = batch.filter((h) => !state.get(h).failed && !state.get(h).unreachable)
        // Ansible stops the whole run after a batch in which every host failed.
        if (alive.length === 0) {
          if (!runner.ended) reporter.handle({ type: 'no_more_hosts' })
          break playbooks
        }
      }
    }
  }
  reporter.handle({ type: 'recap', stats: stats.snapshot() })
  return { stats, unmatchedStartAt: control.unmatchedStartAt(), stepRefused: control.halted }
}
