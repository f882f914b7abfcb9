import { Module } from '@nestjs/common';
import { AppealEventsRepository } from '../../appeals/events/appeal-events.repository';
import { AppealHistory } from '../../appeals/events/appeal-history';
import { NotificationsModule } from '../../notifications/notifications.module';
import { SlaModule } from '../../sla/sla.module';
import { SupervisionOrdersController } from './supervision-orders.controller';
import { SupervisionOrdersRepository } from './supervision-orders.repository';
import { SupervisionOrdersService } from './supervision-orders.service';

@Module({
  imports: [SlaModule, NotificationsModule],
  controllers: [SupervisionOrdersController],
  providers: [SupervisionOrdersService, SupervisionOrdersRepository, AppealEventsRepository, AppealHistory],
  exports: [SupervisionOrdersService],
})
export class SupervisionOrdersModule {}
