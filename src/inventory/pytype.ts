/** The Python type ansible names in its messages for a value it loaded from YAML. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>"
  if (Array.isArray(v)) return "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>"
  if (typeof v === 'string') return "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>"
  if (typeof v === 'boolean') return "<class 'bool'>"
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>"
  return "<class 'ansible.parsing.yaml.objects.AnsibleMapping'>"
}
