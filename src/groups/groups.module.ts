import { Module } from '@nestjs/common';
import { GroupWorkRepository } from './group-work.repository';
import { GroupWorkService } from './group-work.service';
import { GroupsController } from './groups.controller';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';

/** "五个一" liaison working groups: leader, members, cities, problem ledger, service measures, visits. */
@Module({
  controllers: [GroupsController],
  providers: [GroupsRepository, GroupWorkRepository, GroupsService, GroupWorkService],
  exports: [GroupsService, GroupWorkService, GroupsRepository],
})
export class GroupsModule {}
