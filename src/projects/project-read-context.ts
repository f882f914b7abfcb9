import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { SettingsService } from '../settings/settings.service';
import { stalledCutoffs } from './domain/stalled';
import type { ProjectReadContext } from './project-row';

/** The settings every project read needs (levels, cadence, stalled cut-offs) at one `now`. */
@Injectable()
export class ProjectReadContextProvider {
  constructor(
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<ProjectReadContext> {
    const now = this.clock.now();
    const [thresholds, cadence, periods] = await Promise.all([
      this.settings.get('projects.tracking_thresholds_wan'),
      this.settings.get('projects.report_cadence'),
      this.settings.get('projects.stalled_after_periods'),
    ]);
    return { now, thresholds, cadence, stalledCutoffs: stalledCutoffs(now, periods, thresholds, cadence) };
  }
}
