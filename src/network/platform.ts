/**
 * What drover must know about a network OS's CLI, as data: how its prompts, pager, errors, enable
 * and configuration mode look, and which show commands give its facts. A new OS is a new file in
 * platforms/ (listed in platforms/index.ts). Patterns are JavaScript regular expression sources.
 */
export interface Platform {
  /** Short name: `<name>_facts` is the facts module gather_facts runs on these devices. */
  name: string
  /** The ansible_network_os values that select this platform. */
  networkOs: string[]
  /** Any of these at the very end of the output means the device waits for the next command. */
  prompts: string[]
  /** Output of a command matching any of these means the device refused it. */
  errors: string[]
  /** Sent once after login; a device that refuses them still works (the pager is answered). */
  onOpen: string[]
  pager: {
    /** The pager's prompt at the end of the output. */
    prompt: string
    /** What to type to get the next page (no newline is added). */
    answer: string
  }
  enable?: {
    command: string
    /** The device asks for the enable password. */
    passwordPrompt: string
    /** A prompt matching this one is privileged (enabled). */
    privilegedPrompt: string
    disable: string
  }
  config: {
    enter: string
    /** Makes the candidate configuration active (Junos); devices without one apply each line as it is sent. */
    commit?: string
    exit: string
    /** The running configuration, as the device prints it. */
    show: string
    /** Lines of the running configuration that carry no configuration (comments, banners of the show command). */
    ignoreLines: string[]
    /** Lines the show command prints that are not configuration: left out of backups. */
    nonConfigLines: string[]
    /** Spaces per nesting level in the running configuration. */
    indent: number
  }
  facts: FactsSpec
}

/** A fact taken from a show command's output: the first capture group of the first match. */
export interface FactPattern {
  command: string
  pattern: string
  flags?: string
}

export interface FactsSpec {
  hostname: FactPattern
  version: FactPattern
  model: FactPattern
  serialnum: FactPattern
  image?: FactPattern
  interfaces: {
    command: string
    /** A line that starts an interface's block: groups are the name, its status and its line protocol. */
    start: string
    /** Fields inside a block: the first capture group, as a string. */
    fields: Record<string, string>
    /** A field holding `address/prefix` pairs: every match becomes `{address, subnet}` in `ipv4`. */
    ipv4: string
  }
}
