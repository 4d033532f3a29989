import { describe, expect, it } from 'vitest';
import { DEFAULT_EMERGENCY_NUMBERS, emergencyDial, emergencyRouteUri } from './emergency-numbers';

describe('emergencyDial', () => {
  it.each([
    ['911', 'US', { number: '911', test: false }],
    [' 9-1-1 ', 'US', { number: '911', test: false }],
    ['933', 'US', { number: '933', test: true }],
    ['112', 'GB', { number: '112', test: false }],
    ['999', 'GB', { number: '999', test: false }],
    ['000', 'AU', { number: '000', test: false }],
  ])('%s in %s is an emergency number', (input, country, expected) => {
    expect(emergencyDial(input, DEFAULT_EMERGENCY_NUMBERS, country)).toEqual(expected);
  });

  it.each([
    ['112', 'US'],
    ['999', 'US'],
    ['9110', 'US'],
    ['+1911', 'US'],
    ['sip:911@x', 'US'],
    ['', 'US'],
  ])('%s in %s is not', (input, country) => {
    expect(emergencyDial(input, DEFAULT_EMERGENCY_NUMBERS, country)).toBeNull();
  });
});

describe('emergencyRouteUri', () => {
  it('fills number and domain, defaulting the template', () => {
    expect(emergencyRouteUri('', '911', 'pbx.example.com')).toBe('sip:911@pbx.example.com');
    expect(emergencyRouteUri('sip:{number}@esrp.example.net', '911', 'pbx')).toBe('sip:911@esrp.example.net');
  });
  it('refuses a template that does not make a SIP URI', () => {
    expect(emergencyRouteUri('tel:{number}', '911', 'x')).toBeNull();
    expect(emergencyRouteUri('sip:{number}', '911', 'x')).toBeNull();
  });
});
