/** All filters, later tables overriding earlier ones as Ansible's plugins override Jinja's builtins. */
import type { FilterTable } from '../registry.js'
import { ansibleFilters } from './ansible.js'
import { jinjaFilters } from './jinja.js'
import { mathFilters } from './math.js'

export function coreFilters(): FilterTable {
  return { ...jinjaFilters(), ...ansibleFilters(), ...mathFilters() }
}
