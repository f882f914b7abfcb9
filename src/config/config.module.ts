import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock/clock';
import { APP_CONFIG, loadConfig } from './app-config';

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig() },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [APP_CONFIG, Clock],
})
export class ConfigModule {}
