import { LoggerService } from '@backstage/backend-plugin-api';
import {
  findNearDuplicateSkills,
  isSkillEntity,
  NearDuplicateReport,
  NearDuplicateSkillInput,
  SkillEntity,
  skillTextOf,
} from '@agent-platform/plugin-agent-platform-common';
import { PlatformSnapshot } from '../services/PlatformSnapshotCache';
import { SkillFilesReader } from '../wellKnown/SkillFilesReader';

const SOURCE_LOCATION = 'backstage.io/source-location';
/** Folders read at once. */
const CONCURRENCY = 4;

/** The near-duplicate report of one snapshot. @public */
export interface NearDuplicatesView extends NearDuplicateReport {
  /** The snapshot it was computed from. */
  builtAt: string;
}

/**
 * Near-duplicate skills of the current catalog snapshot: reads every
 * skill's folder (through its source location), and runs
 * `findNearDuplicateSkills` once per snapshot; the result lives as long as
 * the snapshot (its fingerprint).
 *
 * @public
 */
export class NearDuplicatesService {
  readonly #snapshot: () => Promise<PlatformSnapshot>;
  readonly #reader: Pick<SkillFilesReader, 'read'>;
  readonly #logger: LoggerService;
  #current?: { fingerprint: string; view: Promise<NearDuplicatesView> };

  constructor(options: {
    snapshot: () => Promise<PlatformSnapshot>;
    reader: Pick<SkillFilesReader, 'read'>;
    logger: LoggerService;
  }) {
    this.#snapshot = options.snapshot;
    this.#reader = options.reader;
    this.#logger = options.logger;
  }

  async get(): Promise<NearDuplicatesView> {
    const snapshot = await this.#snapshot();
    if (this.#current?.fingerprint !== snapshot.fingerprint) {
      const view = this.#compute(snapshot);
      this.#current = { fingerprint: snapshot.fingerprint, view };
      view.catch(() => {
        if (this.#current?.view === view) this.#current = undefined;
      });
    }
    return this.#current!.view;
  }

  async #compute(snapshot: PlatformSnapshot): Promise<NearDuplicatesView> {
    const skills = snapshot.index.catalog.skills.filter(isSkillEntity);
    const inputs: NearDuplicateSkillInput[] = new Array(skills.length);
    const unreadable: Array<{ ref: string; reason: string }> = [];
    let next = 0;
    const worker = async () => {
      while (next < skills.length) {
        const i = next++;
        const skill = skills[i];
        inputs[i] = await this.#input(skill, unreadable);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const report = findNearDuplicateSkills(inputs);
    // Why a folder had no text replaces the generic reason.
    const reasons = new Map(unreadable.map(u => [u.ref, u.reason]));
    return {
      ...report,
      skipped: report.skipped.map(s => ({
        ref: s.ref,
        reason: reasons.get(s.ref) ?? s.reason,
      })),
      builtAt: snapshot.builtAt.toISOString(),
    };
  }

  async #input(
    skill: SkillEntity,
    unreadable: Array<{ ref: string; reason: string }>,
  ): Promise<NearDuplicateSkillInput> {
    const ref = `airesource:${skill.metadata.namespace ?? 'default'}/${
      skill.metadata.name
    }`.toLocaleLowerCase('en-US');
    const base = {
      ref,
      name: skill.metadata.name,
      description: skill.metadata.description,
      scope: skill.spec.scope,
      owner: skill.spec.owner,
    };
    const location = skill.metadata.annotations?.[SOURCE_LOCATION];
    if (!location) {
      unreadable.push({ ref, reason: 'it has no source location' });
      return base;
    }
    try {
      const files = await this.#reader.read(location);
      const text = skillTextOf(files.files);
      if ('skipped' in text) {
        unreadable.push({
          ref,
          reason:
            text.skipped === 'binary'
              ? 'its SKILL.md is binary'
              : 'its folder has no SKILL.md',
        });
        return base;
      }
      return { ...base, body: text.text };
    } catch (error) {
      this.#logger.debug(`Near-duplicates: cannot read ${ref}: ${error}`);
      unreadable.push({
        ref,
        reason: `its folder could not be read: ${(error as Error).message}`,
      });
      return base;
    }
  }
}
