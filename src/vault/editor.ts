import { spawn } from 'node:child_process'
import { VaultFailureError } from './errors.js'

/** The argv for $EDITOR (default vi) on a file, split the way Python's shlex.split does. */
export function editorCommand(env: NodeJS.ProcessEnv, path: string): string[] {
  const argv = shellSplit(env.EDITOR || 'vi')
  if (argv.length === 0) argv.push('vi')
  return [...argv, path]
}

/** Run the editor on the terminal and wait for it. Its exit status is ignored, as Ansible does. */
export function runEditor(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit', env })
    child.on('error', (err) => fail(new VaultFailureError('editor', `Unable to execute the command "${argv.join(' ')}": ${err.message}`)))
    child.on('close', () => done())
  })
}

/**
 * POSIX shell word splitting without expansion: quotes and backslashes as in sh, nothing else.
 * $EDITOR values such as `code --wait` or `"/opt/My Editor/bin/ed" -n` need this; no shell runs.
 */
export function shellSplit(text: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) throw new VaultFailureError('editor', `No closing quotation in EDITOR=${text}`)
      word += text.slice(i + 1, end)
      i = end
      inWord = true
    } else if (c === '"') {
      let j = i + 1
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '\\"$`\n'.includes(text[j + 1]!)) j++
        word += text[j]
      }
      if (j >= text.length) throw new VaultFailureError('editor', `No closing quotation in EDITOR=${text}`)
      i = j
      inWord = true
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[++i]
      inWord = true
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return words
}
