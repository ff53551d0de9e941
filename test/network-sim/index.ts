/**
 * Simulated IOS-style network devices for tests: each an ssh2 Server on its own loopback address
 * (127.0.1.200 + n) and port, with a host key made at start (recorded in `knownHosts`), password
 * login, and one IosCli per shell. Stands in only for devices that cannot run here.
 */
import { writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import ssh2 from 'ssh2'
import { DeviceConfig } from './device-config.js'
import { IosCli, type DeviceBehaviour, type DeviceState } from './ios-cli.js'

const { Server, utils } = ssh2

export const SIM_USER = 'netadmin'
export const SIM_PASSWORD = 'sim-login-pw'
export const SIM_ENABLE = 'sim-enable-pw'

export interface SimDevice extends DeviceState {
  name: string
  address: string
  port: number
}

export interface NetworkSim {
  devices: SimDevice[]
  /** known_hosts lines for every device (`[addr]:port ssh-ed25519 …`). */
  knownHosts: string
  device(name: string): SimDevice
  /** An INI inventory of the devices as network_cli hosts with enable; `hostVars` overrides or adds vars per host. */
  writeInventory(file: string, hostVars?: (name: string) => Record<string, string>): string
  stop(): Promise<void>
}

export interface SimOptions {
  devices: number
  /** First address: 127.0.1.<firstOctet>; one per device after it. */
  firstOctet?: number
  behaviour?: (name: string) => Partial<DeviceBehaviour>
}

export async function startNetworkSim(options: SimOptions): Promise<NetworkSim> {
  const key = utils.generateKeyPairSync('ed25519')
  const publicKey = key.public.split(' ').slice(0, 2).join(' ')
  const servers: InstanceType<typeof Server>[] = []
  const clients = new Set<{ end(): void }>()
  const devices: SimDevice[] = []
  const configuring = { now: 0, max: 0 }
  for (let i = 0; i < options.devices; i++) {
    const name = `r${i + 1}`
    const state: DeviceState = {
      config: new DeviceConfig(name.toUpperCase()),
      behaviour: { enableSecret: SIM_ENABLE, ...options.behaviour?.(name) },
      configLines: [],
      configuring,
    }
    const server = new Server({ hostKeys: [key.private] }, (client) => {
      clients.add(client)
      client.on('close', () => clients.delete(client))
      client.on('error', () => {})
      client.on('authentication', (ctx) => {
        if (ctx.method === 'password' && ctx.username === SIM_USER && ctx.password === SIM_PASSWORD) ctx.accept()
        else ctx.reject(['password'])
      })
      client.on('ready', () => {
        client.on('session', (accept) => {
          const session = accept()
          session.on('pty', (acceptPty) => acceptPty?.())
          session.on('shell', (acceptShell) => {
            const stream = acceptShell()
            const cli = new IosCli(state, (text) => {
              if (stream.writable) stream.write(text)
            })
            stream.on('data', (data: Buffer) => cli.receive(data.toString('utf8')))
            stream.on('error', () => {})
            cli.start()
          })
          session.on('exec', (_accept, reject) => reject?.())
        })
      })
    })
    const address = `127.0.1.${(options.firstOctet ?? 200) + i}`
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, address, () => resolve())
    })
    servers.push(server)
    devices.push({ ...state, name, address, port: (server.address() as AddressInfo).port })
  }
  return {
    devices,
    knownHosts: devices.map((d) => `[${d.address}]:${d.port} ${publicKey}`).join('\n') + '\n',
    device: (name) => {
      const found = devices.find((d) => d.name === name)
      if (!found) throw new Error(`no simulated device ${name}`)
      return found
    },
    writeInventory(file, hostVars = () => ({})) {
      const lines = devices.map((d) => {
        const vars: Record<string, string> = {
          ansible_host: d.address,
          ansible_port: String(d.port),
          ansible_connection: 'network_cli',
          ansible_network_os: 'cisco.ios.ios',
          ansible_user: SIM_USER,
          ansible_password: SIM_PASSWORD,
          ansible_become: 'true',
          ansible_become_method: 'enable',
          ansible_become_password: SIM_ENABLE,
          ...hostVars(d.name),
        }
        return [d.name, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)].join(' ')
      })
      writeFileSync(file, `[routers]\n${lines.join('\n')}\n`)
      return file
    },
    async stop() {
      for (const client of clients) client.end()
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
    },
  }
}
