/**
 * Collects one stream's bytes until a frame's end marker. The marker carries a random nonce per
 * frame, so command output (binary, marker-like lines, no trailing newline) cannot end a frame early.
 * Only a window of marker-length bytes is searched per chunk, so 50 MB of output costs one copy.
 */
export interface FrameOutput {
  output: Buffer
  /** The bytes between the marker and the next newline (`:rc` on stdout, empty on stderr). */
  trailer: Buffer
}

export class MarkerReader {
  private chunks: Buffer[] = []
  private size = 0
  private tail = Buffer.alloc(0)
  private foundAt: number | undefined
  private marker: Buffer | undefined
  private resolveFrame: ((value: FrameOutput) => void) | undefined
  /** Bytes that arrived before anyone asked for a frame (or after the last one ended). */
  private early: Buffer[] = []

  expect(marker: string): Promise<FrameOutput> {
    this.marker = Buffer.from(marker)
    const promise = new Promise<FrameOutput>((resolve) => {
      this.resolveFrame = resolve
    })
    const carried = this.early
    this.early = []
    for (const chunk of carried) this.push(chunk)
    return promise
  }

  push(chunk: Buffer): void {
    const marker = this.marker
    if (!marker || !this.resolveFrame) {
      this.early.push(chunk)
      return
    }
    if (this.foundAt === undefined) {
      const window = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk
      const index = window.indexOf(marker)
      if (index >= 0) this.foundAt = this.size - this.tail.length + index
      const keep = Math.min(marker.length - 1, window.length)
      this.tail = Buffer.from(window.subarray(window.length - keep))
    }
    this.chunks.push(chunk)
    this.size += chunk.length
    if (this.foundAt === undefined) return
    const joined = Buffer.concat(this.chunks, this.size)
    this.chunks = [joined]
    const newline = joined.indexOf(0x0a, this.foundAt + marker.length)
    if (newline < 0) return
    const output = joined.subarray(0, this.foundAt)
    const trailer = joined.subarray(this.foundAt + marker.length, newline)
    const rest = joined.subarray(newline + 1)
    const resolve = this.resolveFrame
    this.chunks = []
    this.size = 0
    this.tail = Buffer.alloc(0)
    this.foundAt = undefined
    this.marker = undefined
    this.resolveFrame = undefined
    if (rest.length) this.early.push(Buffer.from(rest))
    resolve({ output, trailer: Buffer.from(trailer) })
  }
}
