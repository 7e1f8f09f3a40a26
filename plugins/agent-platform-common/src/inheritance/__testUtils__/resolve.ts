import {
  resolveEffectiveConfig,
  ResolveEffectiveConfigInput,
} from '../resolveEffectiveConfig';
import { NOW, SERVERS, SKILLS, makeBase } from './fixtures';

/**
 * Resolves with the fixtures' base, servers and skills at {@link NOW}, and
 * whatever layers the test gives. Shared by the resolveEffectiveConfig*.test.ts files.
 */
export const resolve = (input: Partial<ResolveEffectiveConfigInput>) =>
  resolveEffectiveConfig({
    base: makeBase(),
    mcpServers: SERVERS,
    skills: SKILLS,
    now: NOW,
    ...input,
  });

/** The rules of the violations found. */
export const rules = (result: ReturnType<typeof resolve>) =>
  result.violations.map(v => v.rule);

/** The layer ids of the fixtures' team and repo configs. */
export const TEAM = 'team:payments-agent-config';
export const REPO = 'repo:checkout-api-agent-config';
