import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RegionLevel } from '../common/auth/role';

@Entity('regions')
export class Region {
  @PrimaryColumn({ type: 'char', length: 6 }) code: string;
  @Column() name: string;
  @Column({ type: 'enum', enum: ['province', 'city', 'county'] }) level: RegionLevel;
  @Column({ name: 'parent_code', type: 'char', length: 6, nullable: true }) parentCode: string | null;
}
