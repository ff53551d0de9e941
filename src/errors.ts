/**
 * Every failure drover reports is a DroverError with a stable `code`. Only src/cli/ turns these
 * into exit codes (see src/cli/exit-codes.ts); everything else throws and lets it travel.
 */
export interface SourcePosition {
  file?: string
  line?: number
  col?: number
}

export class DroverError extends Error {
  readonly code: string
  readonly file?: string
  readonly line?: number
  readonly col?: number

  constructor(code: string, message: string, where: SourcePosition = {}, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.file = where.file
    this.line = where.line
    this.col = where.col
  }

  /** `file:line:col: message`, or the bare message when the error has no position. */
  get located(): string {
    if (!this.file) return this.message
    const at = [this.file, this.line, this.col].filter((p) => p !== undefined).join(':')
    return `${at}: ${this.message}`
  }
}

/** Bad command-line options or option values (ansible: AnsibleOptionsError, exit 5). */
export class OptionsError extends DroverError {
  constructor(message: string, where: SourcePosition = {}) {
    super('E_OPTIONS', message, where)
  }
}

/** A file drover was asked to read is missing or unreadable (exit 1). */
export class FileNotFoundError extends DroverError {
  constructor(message: string, where: SourcePosition = {}) {
    super('E_FILE_NOT_FOUND', message, where)
  }
}

/** Malformed playbook, inventory or template source found while loading (exit 4 for playbooks). */
export class ParseError extends DroverError {
  constructor(message: string, where: SourcePosition = {}, options?: { cause?: unknown }) {
    super('E_PARSE', message, where, options)
  }
}

/** The inventory source is malformed. */
export class InventoryError extends DroverError {
  constructor(message: string, where: SourcePosition = {}) {
    super('E_INVENTORY', message, where)
  }
}

/** A template failed to compile or render (undefined variable, syntax error, bad filter use). */
export class TemplateError extends DroverError {
  constructor(message: string, where: SourcePosition = {}, code = 'E_TEMPLATE') {
    super(code, message, where)
  }
}

/** A module name that no module answers to. */
export class UnknownModuleError extends DroverError {
  readonly moduleName: string
  constructor(name: string, where: SourcePosition = {}) {
    super('E_UNKNOWN_MODULE', `couldn't resolve module/action '${name}'. This often indicates a misspelling, missing collection, or incorrect module path.`, where)
    this.moduleName = name
  }
}

/** Module arguments that do not satisfy the module's schema. */
export class ModuleArgsError extends DroverError {
  constructor(message: string, where: SourcePosition = {}) {
    super('E_MODULE_ARGS', message, where)
  }
}

/** The host could not be reached or the connection broke: the host becomes UNREACHABLE. */
export class ConnectionError extends DroverError {
  readonly host: string
  constructor(host: string, message: string, code = 'E_CONNECTION', options?: { cause?: unknown }) {
    super(code, message, {}, options)
    this.host = host
  }
}

/** The host's key is not the one known_hosts records for it, or is unknown under strict checking. */
export class HostKeyError extends ConnectionError {
  constructor(host: string, message: string) {
    super(host, message, 'E_HOST_KEY')
  }
}

/** Ansible Vault data could not be decrypted or is malformed. */
export class VaultError extends DroverError {
  constructor(message: string, where: SourcePosition = {}) {
    super('E_VAULT', message, where)
  }
}

/** The user interrupted the run (Ctrl-C). */
export class InterruptedError extends DroverError {
  constructor() {
    super('E_INTERRUPTED', 'User interrupted execution')
  }
}

/** Something would need a terminal (a prompt) but there is none. */
export class NoTerminalError extends DroverError {
  constructor(what: string) {
    super('E_NO_TERMINAL', `${what} needs a terminal to prompt on, and there is none (CI or piped input)`)
  }
}

