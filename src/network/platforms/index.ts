/** Every network platform drover knows, one file each. */
import type { Platform } from '../platform.js'
import { eos } from './eos.js'
import { ios } from './ios.js'
import { junos } from './junos.js'

export const PLATFORMS: readonly Platform[] = [ios, eos, junos]
