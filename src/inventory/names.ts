/** Python's `^[\d\W]|[^\w]` (constants.INVALID_VARIABLE_NAMES), Unicode-aware as Python's is. */
const INVALID_VARIABLE_NAME = /^[\p{N}]|[^\p{L}\p{N}_]/u

/**
 * ansible 2.14 keeps group names with characters that are invalid in variable names
 * (TRANSFORM_INVALID_GROUP_CHARS=never) but warns once about them.
 */
export function checkGroupName(name: string, warn: (m: string) => void): void {
  if (INVALID_VARIABLE_NAME.test(name)) {
    warn('Invalid characters were found in group names but not replaced, use -vvvv to see details')
  }
}
