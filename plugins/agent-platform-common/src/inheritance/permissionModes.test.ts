import {
  PERMISSION_MODE_STRICTNESS,
  isLooserPermissionMode,
  permissionModeRank,
} from './permissionModes';
import { PERMISSION_MODES } from '../model/values';

describe('permission modes', () => {
  it('orders every documented mode exactly once', () => {
    expect([...PERMISSION_MODE_STRICTNESS].sort()).toEqual(
      [...PERMISSION_MODES].sort(),
    );
  });

  it('ranks plan < dontAsk < default < acceptEdits < auto < bypassPermissions', () => {
    expect(permissionModeRank('plan')).toBe(0);
    expect(permissionModeRank('bypassPermissions')).toBe(5);
    expect(isLooserPermissionMode('acceptEdits', 'default')).toBe(true);
    expect(isLooserPermissionMode('dontAsk', 'default')).toBe(false);
    expect(isLooserPermissionMode('auto', 'dontAsk')).toBe(true);
    expect(isLooserPermissionMode('plan', 'plan')).toBe(false);
  });

  it('treats unknown modes as incomparable', () => {
    expect(permissionModeRank('yolo')).toBeUndefined();
    expect(isLooserPermissionMode('yolo', 'plan')).toBe(false);
  });
});
