import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cleanScreen, compilePatterns, endsWithPrompt, findError, responseText } from '../../../src/network/screen.js'
import { eos } from '../../../src/network/platforms/eos.js'
import { ios } from '../../../src/network/platforms/ios.js'
import { junos } from '../../../src/network/platforms/junos.js'

const IOS = compilePatterns(ios)

test('IOS prompts in every mode are recognised at the end of the output, nothing else is', () => {
  for (const prompt of ['R1>', 'R1#', 'R1(config)#', 'R1(config-if)#', 'core-sw.lab(config-router-af)# ']) assert.equal(endsWithPrompt(`show x\n${prompt}`, IOS), prompt.trim())
  for (const text of ['show version\n', 'R1#show version', 'banner motd #Authorized access only#', 'Password: ', 'interface Gi0/1\n description x']) {
    assert.equal(endsWithPrompt(text, IOS), undefined, text)
  }
  assert.equal(endsWithPrompt('show version\nsome output\nR1#show version', IOS), undefined)
})

test('the pager prompt and the backspaces that erase it leave the page text as a person sees it', () => {
  const raw = 'line 1\r\nline 2\r\n --More-- ' + '\b'.repeat(10) + ' '.repeat(10) + '\b'.repeat(10) + 'line 3\r\nR1#'
  assert.equal(cleanScreen(raw), 'line 1\nline 2\nline 3\nR1#')
  assert.ok(IOS.pager.test(' --More-- '))
})

test('a response loses the echoed command and the closing prompt', () => {
  assert.equal(responseText('show clock\n*10:00:01 UTC Mon Jan 1 2024\n\nR1#', 'show clock', IOS.pager), '*10:00:01 UTC Mon Jan 1 2024')
  assert.equal(responseText('terminal length 0\nR1#', 'terminal length 0', IOS.pager), '')
})

test('error markers of each platform', () => {
  assert.ok(findError("        ^\n% Invalid input detected at '^' marker.", IOS))
  assert.ok(findError('% Ambiguous command:  "sh"', IOS))
  assert.ok(findError('Command authorization failed.', IOS))
  assert.ok(!findError('GigabitEthernet0/1 is up, line protocol is up', IOS))
  const EOS = compilePatterns(eos)
  assert.ok(findError('% Invalid input (at token 1: \'vresion\')', EOS))
  assert.ok(!findError('Vlan 10 not found in current VLAN database', EOS))
  assert.equal(endsWithPrompt('show version\nsw1(config-if-Et1)#', EOS), 'sw1(config-if-Et1)#')
})

test('Junos prompts, pager and errors', () => {
  const JUNOS = compilePatterns(junos)
  assert.equal(endsWithPrompt('show version\nadmin@vsrx1>', JUNOS), 'admin@vsrx1>')
  assert.equal(endsWithPrompt('set system host-name x\n\n[edit]\nadmin@vsrx1# ', JUNOS), 'admin@vsrx1#')
  assert.ok(JUNOS.pager.test('---(more 42%)---'))
  assert.ok(findError("                      ^\nsyntax error.", JUNOS))
  assert.ok(findError('\nerror: configuration check-out failed', JUNOS))
  assert.ok(!findError('Physical interface: ge-0/0/0, Enabled, Physical link is Up', JUNOS))
})
