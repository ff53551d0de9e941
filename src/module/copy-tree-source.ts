/**
 * The controller side of copying a directory tree: Ansible's _walk_dirs. A source ending in '/'
 * copies its contents, without it the directory itself (paths start with its name), as rsync does.
 * Symlinks are followed when local_follow is true (a link to a directory already being copied, a
 * circular one, or a dangling one stays a link); with local_follow false every link stays a link.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'

export interface TreeFile {
  rel: string
  content: Buffer
  /** The source's permission bits, for mode=preserve. */
  mode: number
}

export interface TreeSource {
  files: TreeFile[]
  /** Subdirectories in walk order (parents first); the top directory itself is never listed. */
  dirs: string[]
  links: { rel: string; target: string }[]
  /** '' for 'src/', the directory's name for 'src': created implicitly, like Ansible's makedirs. */
  top: string
}

function identity(path: string): string {
  const st = statSync(path)
  return `${st.dev}:${st.ino}`
}

export function walkSource(path: string, localFollow: boolean): TreeSource {
  const top = path.endsWith('/') ? '' : basename(path)
  const out: TreeSource = { files: [], dirs: [], links: [], top }
  const visit = (dir: string, rel: string, parents: Set<string>): void => {
    // os.walk lists files first, then descends into the sub directories in order.
    const entries = readdirSync(dir).sort()
    const subdirs: [string, string][] = []
    for (const name of entries) {
      const full = join(dir, name)
      const relPath = rel ? `${rel}/${name}` : name
      const lst = lstatSync(full)
      const st = lst.isSymbolicLink() ? statSafe(full) : lst
      if (st?.isDirectory()) subdirs.push([full, relPath])
      else if (lst.isSymbolicLink() && !(localFollow && st?.isFile())) out.links.push({ rel: relPath, target: readlinkSync(full) })
      else if (st?.isFile()) out.files.push({ rel: relPath, content: readFileSync(full), mode: st.mode & 0o7777 })
    }
    for (const [full, relPath] of subdirs) {
      const isLink = lstatSync(full).isSymbolicLink()
      if (isLink && (!localFollow || parents.has(identity(full)))) {
        out.links.push({ rel: relPath, target: readlinkSync(full) })
        continue
      }
      out.dirs.push(relPath)
      const real = isLink ? realpathSync(full) : full
      visit(real, relPath, new Set([...parents, identity(real)]))
    }
  }
  visit(path, top, new Set([identity(path)]))
  return out
}

function statSafe(path: string) {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}
