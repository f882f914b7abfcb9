import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { CategoriesService } from './categories.service';
import { CategoryDto, CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';

@ApiTags('categories')
@ApiBearerAuth()
@Controller('api/categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** Active appeal categories (with their subcategories) */
  @Get()
  list(): Promise<CategoryDto[]> {
    return this.categories.list();
  }

  /** Create a category (or a subcategory under a parent) */
  @Post()
  @ApiErrors(409)
  @Roles('admin')
  create(@Body() dto: CreateCategoryDto): Promise<CategoryDto> {
    return this.categories.create(dto);
  }

  /** Rename, retire or change the default urgency; send the version you read */
  @Patch(':id')
  @ApiErrors(409)
  @Roles('admin')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateCategoryDto): Promise<CategoryDto> {
    return this.categories.update(id, dto);
  }
}
