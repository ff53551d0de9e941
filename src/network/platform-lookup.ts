/** ansible_network_os → the platform data that describes that CLI. */
import { NetworkOsError } from './errors.js'
import type { Platform } from './platform.js'
import { PLATFORMS } from './platforms/index.js'

export function platformFor(networkOs: string, platforms: readonly Platform[] = PLATFORMS): Platform {
  if (networkOs === '') throw new NetworkOsError('Unable to automatically determine host network os. Please manually configure ansible_network_os value for this host')
  const found = platforms.find((p) => p.networkOs.includes(networkOs))
  if (!found) {
    const known = platforms.flatMap((p) => p.networkOs.filter((os) => os.includes('.'))).join(', ')
    throw new NetworkOsError(`network os ${networkOs} is not supported (known: ${known})`)
  }
  return found
}
