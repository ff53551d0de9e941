/** Differential scenarios for copy with a directory as src (controller and remote_src). */
import type { Scenario } from './scenario.js'

const TREE = {
  'src/a.txt': 'a\n',
  'src/sub/b.txt': 'b\n',
  'src/sub/deep/c.txt': 'c\n',
  'src/empty': { dir: true as const, mode: '0755' },
}

export const COPY_TREE_SCENARIOS: Scenario[] = [
  {
    name: 'copy: directory tree from the controller',
    diff: true,
    setup: {
      ...TREE,
      'out4/sub/b.txt': { content: 'old b\n', mode: '0600' },
      'out4/sub': { dir: true, mode: '0750' },
      'links/a.txt': 'linked\n',
      'links/b.txt': 'b\n',
      'links/l': { link: 'a.txt' },
    },
    tasks: [
      { module: 'copy', args: { src: '@DIR@/src', dest: '@DIR@/out/' }, check: true },
      { module: 'copy', args: { src: '@DIR@/src', dest: '@DIR@/out/' } },
      { module: 'copy', args: { src: '@DIR@/src', dest: '@DIR@/out/' } },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/new/out2', mode: '0600', directory_mode: '0700' } },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/new/out2', mode: '0600', directory_mode: '0700' } },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/new/out2', mode: '0640' } },
      { module: 'copy', args: { src: '@DIR@/src/sub/deep/', dest: '@DIR@/out3' } },
      { module: 'copy', args: { src: '@DIR@/src/sub/deep/', dest: '@DIR@/out3' } },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/out4', force: false } },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/out4' } },
      { module: 'copy', args: { src: '@DIR@/links/', dest: '@DIR@/out5', local_follow: false } },
      { module: 'copy', args: { src: '@DIR@/links/', dest: '@DIR@/out6' } },
    ],
  },
  {
    name: 'copy: directory tree with remote_src',
    diff: true,
    setup: { ...TREE, 'src/a.txt': { content: 'a\n', mode: '0600' }, 'out4/sub/b.txt': { content: 'old b\n', mode: '0640' }, 'out4/keep': 'kept\n' },
    tasks: [
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/out', remote_src: true }, check: true },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/out', remote_src: true } },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/out', remote_src: true } },
      { module: 'copy', args: { src: '@DIR@/src', dest: '@DIR@/out2', remote_src: true, mode: '0700' } },
      { module: 'copy', args: { src: '@DIR@/src', dest: '@DIR@/out2', remote_src: true, mode: '0700' } },
      { module: 'copy', args: { src: '@DIR@/src', dest: '@DIR@/out4', remote_src: true } },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/out4', remote_src: true } },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/out4/', remote_src: true } },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/out4', remote_src: true, mode: '0750' }, check: true },
      { module: 'copy', args: { src: '@DIR@/src/', dest: '@DIR@/out4', remote_src: true, mode: '0750' } },
    ],
  },
]
