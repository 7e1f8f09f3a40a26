import {
  EXACT_SEMVER_PATTERN,
  isExactSemver,
  isPermissionMode,
} from './values';

describe('isExactSemver', () => {
  it.each([
    ['1.0.0', true],
    ['1.0.0-alpha.1', true],
    ['3.0.0-rc.1+build.5', true],
    ['1.0', false],
    ['v1.0.0', false],
    ['^1.0.0', false],
    ['01.0.0', false],
    [' 1.0.0', false],
  ])('%j -> %s', (version, expected) => {
    expect(isExactSemver(version)).toBe(expected);
    expect(EXACT_SEMVER_PATTERN.test(version)).toBe(expected);
  });

  it('rejects versions the semver package cannot order', () => {
    const huge = '99999999999999999999.0.0';
    expect(EXACT_SEMVER_PATTERN.test(huge)).toBe(true);
    expect(isExactSemver(huge)).toBe(false);
  });
});

describe('isPermissionMode', () => {
  it('knows the documented modes only', () => {
    expect(isPermissionMode('auto')).toBe(true);
    expect(isPermissionMode('yolo')).toBe(false);
    expect(isPermissionMode(2)).toBe(false);
  });
});
