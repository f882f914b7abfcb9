import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { parseWorkingHours, type WorkingHours } from '../sla/domain/working-hours';
import { SettingDto, UpdateSettingDto } from './dto/setting.dto';
import {
  isSettingKey,
  type LadderThresholds,
  type MetricWeights,
  SETTING_DEFINITIONS,
  SETTING_KEYS,
  type SettingKey,
  type SettingValues,
  validateSetting,
} from './setting-definitions';
import { SettingsRepository } from './settings.repository';

/** Other instances see an admin's change within this time; this instance sees it at once. */
export const SETTINGS_CACHE_MS = 10_000;

interface Snapshot {
  values: { [K in SettingKey]: SettingValues[K] };
  workingHours: WorkingHours;
  loadedAt: number;
}

/**
 * Typed, validated access to the run-time settings. Reads come from a short in-process cache
 * because deadline maths asks for the working hours on every appeal transition.
 */
@Injectable()
export class SettingsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SettingsService.name);
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  /** Bumped by invalidate(), so a load that started before an edit never caches the old values. */
  private generation = 0;

  constructor(
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
  ) {}

  async workingHours(): Promise<WorkingHours> {
    return (await this.current()).workingHours;
  }

  yellowShare(): Promise<number> {
    return this.get('sla.yellow_share');
  }

  ladder(): Promise<LadderThresholds> {
    return this.get('sla.ladder');
  }

  objectionWindowWorkingDays(): Promise<number> {
    return this.get('sla.objection_window_working_days');
  }

  basicallySatisfiedCounts(): Promise<boolean> {
    return this.get('metrics.basically_satisfied_counts');
  }

  metricWeights(): Promise<MetricWeights> {
    return this.get('metrics.weights');
  }

  async get<K extends SettingKey>(key: K): Promise<SettingValues[K]> {
    return (await this.current()).values[key];
  }

  /** Drops the cache, e.g. after an edit, so the next read goes to the database. */
  invalidate(): void {
    this.generation += 1;
    this.snapshot = null;
    this.loading = null;
  }

  async list(): Promise<SettingDto[]> {
    const rows = new Map((await this.settings.findAll()).map((r) => [r.key, r]));
    return SETTING_KEYS.map((key) => {
      const row = rows.get(key);
      return {
        key,
        value: row?.value ?? SETTING_DEFINITIONS[key].defaultValue,
        description: SETTING_DEFINITIONS[key].description,
        version: row?.version ?? 1,
        updatedBy: row?.updatedBy ?? null,
        updatedAt: row?.updatedAt ?? null,
      };
    });
  }

  async update(user: AuthUser, key: string, dto: UpdateSettingDto): Promise<SettingDto> {
    if (!isSettingKey(key)) throw AppError.notFound('Setting', key);
    const validated = validateSetting(key, dto.value);
    if (!validated.ok) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        `Invalid value for ${key}: ${validated.errors.map((e) => e.message).join('; ')}`,
        validated.errors,
      );
    }
    const now = this.clock.now();
    let updated = await this.settings.updateIfVersion(key, dto.version, validated.value, user.id, now);
    if (!updated && dto.version === 1 && !(await this.settings.findByKey(key))) {
      // A key added after the migration seeded the table: the first write creates it at version 1.
      updated = await this.settings.insertIfMissing(key, validated.value, user.id, now);
    }
    if (!updated) {
      const current = await this.settings.findByKey(key);
      throw AppError.versionConflict(`Setting ${key}`, { current });
    }
    this.invalidate();
    this.logger.log({ msg: 'setting changed', key, by: user.id, value: validated.value });
    return (await this.list()).find((s) => s.key === key) as SettingDto;
  }

  /**
   * Stale-while-revalidate, like the calendar: after the first load an expired snapshot is served
   * while one reload runs, so a caller holding a transaction never waits for a second connection.
   */
  private async current(): Promise<Snapshot> {
    const snapshot = this.snapshot;
    if (snapshot && performance.now() - snapshot.loadedAt < SETTINGS_CACHE_MS) return snapshot;
    // One load at a time: a burst of requests after expiry shares a single query.
    if (!this.loading) {
      const loading = this.load(this.generation).finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
      loading.catch((error: unknown) => this.logger.error({ msg: 'reloading settings failed', err: error }));
    }
    return snapshot ?? this.loading;
  }

  /** Loaded at boot, so no request ever waits for the first load. */
  async onApplicationBootstrap(): Promise<void> {
    await this.current();
  }

  private async load(generation: number): Promise<Snapshot> {
    const rows = new Map((await this.settings.findAll()).map((r) => [r.key, r.value]));
    const values = {} as Record<SettingKey, unknown>;
    for (const key of SETTING_KEYS) {
      values[key] = this.readValue(key, rows.get(key));
    }
    const typed = values as Snapshot['values'];
    const snapshot: Snapshot = { values: typed, workingHours: parseWorkingHours(typed['sla.working_hours']), loadedAt: performance.now() };
    if (generation === this.generation) this.snapshot = snapshot;
    return snapshot;
  }

  /** A missing or hand-edited invalid row must not take deadline maths down: use the default, loudly. */
  private readValue<K extends SettingKey>(key: K, stored: unknown): SettingValues[K] {
    const fallback = SETTING_DEFINITIONS[key].defaultValue as SettingValues[K];
    if (stored === undefined) {
      this.logger.warn({ msg: `setting ${key} is missing from the settings table; using the default`, key });
      return fallback;
    }
    const validated = validateSetting(key, stored);
    if (validated.ok) return validated.value;
    this.logger.error({ msg: `setting ${key} holds an invalid value; using the default`, key, stored, errors: validated.errors });
    return fallback;
  }
}
