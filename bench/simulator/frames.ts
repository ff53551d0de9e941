/**
 * Splits what the controller writes to its persistent shell into frames, using the frame end that
 * src/connection/shell-session.ts writes, so the two cannot drift apart.
 */
import { frameEnd } from '../../src/connection/shell-session.js'

export interface Frame {
  /** The frame's nonce: its markers must carry it. */
  nonce: string
  /** The shell text before the frame end (the command, or the here-document feeding it). */
  body: string
}

// Hex, so quote() leaves it bare exactly as it leaves a real nonce.
const PLACEHOLDER = 'feedfacefeedface'

function endPattern(): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const [first, ...rest] = frameEnd(PLACEHOLDER).split(PLACEHOLDER).map(escape)
  return new RegExp(`${first}([0-9a-f]+)${rest.join('\\1')}`)
}

const END = endPattern()
const END_LENGTH = frameEnd(PLACEHOLDER).length + 64

/** Input is handled as latin1 text so every byte survives the round trip back to a Buffer. */
export class FrameSplitter {
  private buffered = ''
  /** Where the next search for a frame end starts: frames may arrive in many chunks. */
  private searchFrom = 0

  push(chunk: string): Frame[] {
    this.buffered += chunk
    const frames: Frame[] = []
    for (;;) {
      const tail = this.buffered.slice(this.searchFrom)
      const match = END.exec(tail)
      if (!match) {
        this.searchFrom = Math.max(0, this.buffered.length - END_LENGTH)
        return frames
      }
      const end = this.searchFrom + match.index
      // Blank lines between frames are the controller's ACK nudges: empty commands to a shell.
      frames.push({ nonce: match[1]!, body: this.buffered.slice(0, end).replace(/^\n+/, '') })
      this.buffered = this.buffered.slice(end + match[0].length)
      this.searchFrom = 0
    }
  }
}
