/**
 * Inventory benchmark (issue 3): an INI inventory of 10,000 hosts in 200 groups (under 10 parent
 * groups) with group_vars/ files, loaded and every host's variables resolved. Target: < 1 s.
 * Run: npx tsc -p tsconfig.json && node dist/bench/inventory.js [hosts] [groups]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadInventory } from '../src/inventory/index.js'

const HOSTS = Number(process.argv[2] ?? 10_000)
const GROUPS = Number(process.argv[3] ?? 200)
const PARENTS = 10

function generate(dir: string): string {
  const lines: string[] = []
  const perGroup = Math.ceil(HOSTS / GROUPS)
  for (let g = 0; g < GROUPS; g++) {
    lines.push(`[g${g}]`)
    for (let h = g * perGroup; h < Math.min(HOSTS, (g + 1) * perGroup); h++) {
      lines.push(`host${h}.example.com ansible_host=10.${(h >> 16) & 255}.${(h >> 8) & 255}.${h & 255} idx=${h}`)
    }
    lines.push(`[g${g}:vars]`, `group_index=${g}`, `tier=app`)
  }
  for (let p = 0; p < PARENTS; p++) {
    lines.push(`[p${p}:children]`)
    for (let g = p; g < GROUPS; g += PARENTS) lines.push(`g${g}`)
    lines.push(`[p${p}:vars]`, `parent=${p}`)
  }
  lines.push('[all:vars]', 'ansible_user=deploy')
  const file = join(dir, 'hosts')
  writeFileSync(file, lines.join('\n') + '\n')
  mkdirSync(join(dir, 'group_vars'))
  writeFileSync(join(dir, 'group_vars', 'all.yml'), 'ntp: time.example.com\ndns: [1.1.1.1, 8.8.8.8]\n')
  for (let g = 0; g < GROUPS; g++) {
    writeFileSync(join(dir, 'group_vars', `g${g}.yml`), `service_port: ${8000 + g}\nfeatures:\n  a: true\n  b: [x, y]\n`)
  }
  return file
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'drover-bench-inv-'))
  try {
    const file = generate(dir)
    const t0 = performance.now()
    const inv = await loadInventory([file])
    const t1 = performance.now()
    let keys = 0
    for (const h of inv.hostNames()) keys += Object.keys(inv.hostVars(h)).length
    const t2 = performance.now()
    const hosts = inv.hostNames().length
    const groups = inv.groupNames().length
    const total = t2 - t1 + (t1 - t0)
    console.log(`inventory: ${hosts} hosts, ${groups} groups (incl. all/ungrouped), ${keys} resolved vars`)
    console.log(`  load ${(t1 - t0).toFixed(0)} ms, resolve all host vars ${(t2 - t1).toFixed(0)} ms, total ${total.toFixed(0)} ms`)
    console.log(`  target < 1000 ms: ${total < 1000 ? 'met' : 'NOT met'}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
