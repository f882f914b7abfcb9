import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock/clock';
import { ShutdownState } from '../common/lifecycle/shutdown-state';
import { APP_CONFIG, loadConfig } from './app-config';

export interface CoreOptions {
  /** Replaces the system clock (tests pin "now" with a FixedClock). */
  clock?: Clock;
}

@Global()
@Module({})
export class ConfigModule {
  static forRoot(options: CoreOptions = {}): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useFactory: () => loadConfig() },
        options.clock ? { provide: Clock, useValue: options.clock } : { provide: Clock, useClass: SystemClock },
        ShutdownState,
      ],
      exports: [APP_CONFIG, Clock, ShutdownState],
    };
  }
}
