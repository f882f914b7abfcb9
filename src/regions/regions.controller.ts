import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { CreateRegionDto, ListRegionsQuery, RegionDto, RenameRegionDto } from './dto/region.dto';
import { RegionsService } from './regions.service';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';

@ApiTags('regions')
@ApiBearerAuth()
@Controller('api/regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  /** Administrative divisions (GB/T 2260), filterable by parent or level */
  @Get()
  list(@Query() query: ListRegionsQuery): Promise<RegionDto[]> {
    return this.regions.list(query);
  }

  /** One division by its code */
  @Get(':code')
  get(@Param('code') code: string): Promise<RegionDto> {
    return this.regions.get(code);
  }

  /** Add a division (e.g. a newly created district) */
  @Post()
  @ApiErrors(409)
  @Roles('admin')
  create(@Body() dto: CreateRegionDto): Promise<RegionDto> {
    return this.regions.create(dto);
  }

  /** Rename a division */
  @Patch(':code')
  @ApiErrors(409)
  @Roles('admin')
  rename(@Param('code') code: string, @Body() dto: RenameRegionDto): Promise<RegionDto> {
    return this.regions.rename(code, dto.name);
  }
}
