/** What network modules see of a device: its platform and a CLI to send commands through. */
import type { Answer } from './cli-session.js'
import type { Platform } from './platform.js'

export interface DeviceCli {
  readonly platform: Platform
  /** The device's prompt after the last command (`R1#`). */
  readonly prompt: string
  /** One command; its response without the echo and the prompt. Fails on the platform's error markers. */
  run(command: string, answers?: Answer[]): Promise<string>
  /** The lines in configuration mode (entered and left around them); the first refused line stops it. */
  configure(lines: readonly string[]): Promise<void>
  /** The running configuration as the device prints it. */
  runningConfig(): Promise<string>
}
